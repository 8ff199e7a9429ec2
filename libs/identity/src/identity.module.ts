import { Module } from '@nestjs/common';
import { CreateUserHandler } from './application/create-user/create-user.handler';
import { ChangeUserPasswordHandler } from './application/change-password/change-password.handler';
import { DisableUserHandler } from './application/disable-user/disable-user.handler';
import { LoginRateLimiter } from './application/login/login-rate-limiter';
import { LoginService } from './application/login/login.service';
import { UserQueries } from './application/user-queries';
import { UserStreamWriter } from './application/user-stream-writer';
import { ActiveUserInterceptor } from './application/active-user.interceptor';
import { UserAccounts } from './infrastructure/user-accounts.repository';

/**
 * Users, credentials and login. Needs PlatformModule and EventStoreModule (both global) and
 * CqrsModule.forRoot() in the app. The API registers ActiveUserInterceptor as APP_INTERCEPTOR.
 */
@Module({
  providers: [
    UserAccounts,
    UserStreamWriter,
    CreateUserHandler,
    ChangeUserPasswordHandler,
    DisableUserHandler,
    LoginRateLimiter,
    LoginService,
    UserQueries,
    ActiveUserInterceptor,
  ],
  exports: [UserAccounts, UserStreamWriter, LoginService, UserQueries, ActiveUserInterceptor],
})
export class IdentityModule {}
