import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { Actor, ROLES, Role } from './actor';
import { DomainError } from '../errors/domain-error';

interface TokenClaims {
  sub: string;
  role: Role;
  agency: string | null;
}

/** Issues and checks the bearer tokens that carry user, role and agency. */
@Injectable()
export class TokenService {
  constructor(private readonly jwt: JwtService) {}

  issue(actor: Actor, ttlSeconds?: number): string {
    if (actor.role === 'system') throw new Error('no bearer token is issued for the system role');
    const claims: TokenClaims = { sub: actor.userId, role: actor.role, agency: actor.agency };
    return this.jwt.sign(claims, ttlSeconds ? { expiresIn: ttlSeconds } : undefined);
  }

  verify(token: string): Actor {
    let claims: TokenClaims;
    try {
      claims = this.jwt.verify<TokenClaims>(token, { algorithms: ['HS256'] });
    } catch (error) {
      const expired = error instanceof Error && error.name === 'TokenExpiredError';
      throw new DomainError(
        'unauthenticated',
        expired ? 'TOKEN_EXPIRED' : 'TOKEN_INVALID',
        expired ? 'Phiên đăng nhập đã hết hạn, vui lòng đăng nhập lại' : 'Mã xác thực không hợp lệ',
      );
    }
    // `system` is the process itself (imports, reminders, the CLI), never a caller over HTTP: a
    // token claiming it is refused like a forged one, even when signed with the right secret.
    if (!ROLES.includes(claims.role) || claims.role === 'system' || typeof claims.sub !== 'string') {
      throw new DomainError('unauthenticated', 'TOKEN_INVALID', 'Mã xác thực không hợp lệ');
    }
    return { userId: claims.sub, role: claims.role, agency: claims.agency ?? null };
  }
}
