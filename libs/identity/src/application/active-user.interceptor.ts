import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Observable } from 'rxjs';
import { RequestWithActor } from '@dondoc/platform/auth/auth.guard';
import { DomainError } from '@dondoc/platform/errors/domain-error';
import { UserAccounts } from '../infrastructure/user-accounts.repository';

/**
 * A disabled user's tokens stop working at once, not when they expire, and so do the tokens
 * issued before a password change (`iat` below the account's `tokens_not_before`). Interceptors
 * run after every guard, so the actor and token time the global AuthGuard put on the request are
 * there to check; the check is one primary-key lookup.
 */
@Injectable()
export class ActiveUserInterceptor implements NestInterceptor {
  constructor(private readonly accounts: UserAccounts) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    if (context.getType() === 'http') {
      const { actor, tokenIssuedAt } = context.switchToHttp().getRequest<RequestWithActor>();
      if (actor && actor.role !== 'system') {
        const status = await this.accounts.tokenStatus(actor.userId);
        if (status.disabled) {
          throw new DomainError('unauthenticated', 'USER_DISABLED', 'Tài khoản đã bị khóa; liên hệ quản trị viên');
        }
        if (status.tokensNotBefore !== null && (tokenIssuedAt ?? 0) < status.tokensNotBefore) {
          throw new DomainError('unauthenticated', 'TOKEN_REVOKED', 'Mật khẩu đã được đổi sau khi mã xác thực này được cấp; vui lòng đăng nhập lại');
        }
      }
    }
    return next.handle();
  }
}
