import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { ActiveUserInterceptor, IdentityModule } from '@dondoc/identity';
import { AuthController } from './auth.controller';
import { UsersController } from './users.controller';

/** Login, users, and the check that a disabled user's tokens stop working. */
@Module({
  imports: [IdentityModule],
  controllers: [AuthController, UsersController],
  providers: [{ provide: APP_INTERCEPTOR, useExisting: ActiveUserInterceptor }],
})
export class IdentityApiModule {}
