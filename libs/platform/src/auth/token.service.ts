import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { Actor, ROLES, Role } from './actor';
import { DomainError } from '../errors/domain-error';

interface TokenClaims {
  sub: string;
  role: Role;
  agency: string | null;
  iat?: number;
}

/** A checked token: who, and when it was issued (JWT `iat`, whole seconds of wall time). */
export interface VerifiedToken {
  actor: Actor;
  issuedAt: number | null;
}

/**
 * Issues and checks the bearer tokens that carry user, role and agency. Token times (`iat`,
 * `exp`) are wall time, as every JWT library reads them, not the business clock.
 */
@Injectable()
export class TokenService {
  constructor(private readonly jwt: JwtService) {}

  /** Now, in the whole seconds of token times. */
  nowSeconds(): number {
    return Math.floor(Date.now() / 1000);
  }

  /**
   * `issuedAtLeast`: the token's `iat` is at least this (seconds). A user whose tokens were
   * revoked in this very second gets a token that is not itself revoked; its lifetime counts
   * from that `iat` (less than a second later than now).
   */
  issue(actor: Actor, ttlSeconds?: number, issuedAtLeast?: number | null): string {
    if (actor.role === 'system') throw new Error('no bearer token is issued for the system role');
    const claims: TokenClaims = { sub: actor.userId, role: actor.role, agency: actor.agency, iat: Math.max(this.nowSeconds(), issuedAtLeast ?? 0) };
    return this.jwt.sign(claims, ttlSeconds ? { expiresIn: ttlSeconds } : undefined);
  }

  verify(token: string): Actor {
    return this.verifyToken(token).actor;
  }

  verifyToken(token: string): VerifiedToken {
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
    return {
      actor: { userId: claims.sub, role: claims.role, agency: claims.agency ?? null },
      issuedAt: typeof claims.iat === 'number' && Number.isFinite(claims.iat) ? claims.iat : null,
    };
  }
}
