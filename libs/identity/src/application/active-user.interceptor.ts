import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Observable } from 'rxjs';
import { Actor } from '@dondoc/platform/auth/actor';
import { DomainError } from '@dondoc/platform/errors/domain-error';
import { UserAccounts } from '../infrastructure/user-accounts.repository';

/**
 * A disabled user's tokens stop working at once, not when they expire. Interceptors run after
 * every guard, so the actor the global AuthGuard put on the request is there to check; the
 * check is one primary-key lookup.
 */
@Injectable()
export class ActiveUserInterceptor implements NestInterceptor {
  constructor(private readonly accounts: UserAccounts) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    if (context.getType() === 'http') {
      const actor = context.switchToHttp().getRequest<{ actor?: Actor }>().actor;
      if (actor && actor.role !== 'system' && (await this.accounts.isDisabled(actor.userId))) {
        throw new DomainError('unauthenticated', 'USER_DISABLED', 'Tài khoản đã bị khóa; liên hệ quản trị viên');
      }
    }
    return next.handle();
  }
}
