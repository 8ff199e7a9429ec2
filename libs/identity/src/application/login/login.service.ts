import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '@dondoc/platform/config/app-config';
import { TokenService } from '@dondoc/platform/auth/token.service';
import { DomainError } from '@dondoc/platform/errors/domain-error';
import { UserRole } from '../../domain/user.events';
import { normalizeUsername } from '../../domain/username';
import { UserAccounts } from '../../infrastructure/user-accounts.repository';
import { credentialDigest, DECOY_PASSWORD_HASH, verifyPassword } from '../password-hasher';
import { UserStreamWriter } from '../user-stream-writer';
import { LoginRateLimiter } from './login-rate-limiter';

export interface LoginSuccess {
  kind: 'ok';
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  user: { userId: string; username: string; displayName: string; role: UserRole; agency: string | null };
}

export interface LoginThrottled {
  kind: 'throttled';
  retryAfterSeconds: number;
  scope: 'ip' | 'username';
}

/** One message for every failed login: it does not tell whether the user name exists. */
const loginFailed = () =>
  new DomainError('unauthenticated', 'LOGIN_FAILED', 'Tên đăng nhập hoặc mật khẩu không đúng');

/**
 * Checks a user name and password and issues a bearer token. Role and agency come from the
 * user's event stream (the truth), the password hash from the credentials table; the stream
 * records a digest of the credential, so a hash swapped in the table is refused.
 */
@Injectable()
export class LoginService {
  private readonly logger = new Logger(LoginService.name);

  constructor(
    private readonly accounts: UserAccounts,
    private readonly users: UserStreamWriter,
    private readonly limiter: LoginRateLimiter,
    private readonly tokens: TokenService,
    private readonly config: AppConfig,
  ) {}

  async login(rawUsername: string, password: string, ip: string): Promise<LoginSuccess | LoginThrottled> {
    const username = normalizeUsername(rawUsername);
    const decision = await this.limiter.hit(ip, username);
    if (!decision.allowed) {
      this.logger.warn(`login throttled (${decision.scope}) from ${ip}`);
      return { kind: 'throttled', retryAfterSeconds: decision.retryAfterSeconds, scope: decision.scope };
    }
    const account = await this.accounts.findByUsername(username);
    // Same work for an unknown name as for a wrong password: timing does not reveal which names exist.
    const passwordOk = await verifyPassword(account?.password_hash ?? DECOY_PASSWORD_HASH, password);
    if (!account || !passwordOk) {
      this.logger.warn(`failed login from ${ip}`);
      throw loginFailed();
    }
    const { state } = await this.users.load(account.user_id);
    if (state.status === 'absent') throw loginFailed();
    if (state.status === 'disabled') {
      throw new DomainError('unauthenticated', 'USER_DISABLED', 'Tài khoản đã bị khóa; liên hệ quản trị viên');
    }
    if (state.credentialDigest !== credentialDigest(account.password_hash)) {
      this.logger.error(`credential of user ${account.user_id} does not match its user stream: refused (tampering?)`);
      throw loginFailed();
    }
    await this.limiter.succeeded(username);
    // Not below the revocation second of a password change made this very second.
    const accessToken = this.tokens.issue({ userId: state.userId, role: state.role, agency: state.agency }, undefined, account.tokens_not_before);
    return {
      kind: 'ok',
      accessToken,
      tokenType: 'Bearer',
      expiresIn: this.config.JWT_TTL_SECONDS,
      user: { userId: state.userId, username: state.username, displayName: state.displayName, role: state.role, agency: state.agency },
    };
  }
}
