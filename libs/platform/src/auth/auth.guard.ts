import { CanActivate, ExecutionContext, Injectable, SetMetadata, createParamDecorator } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Actor, Role } from './actor';
import { TokenService } from './token.service';
import { DomainError } from '../errors/domain-error';

const ROLES_KEY = 'dondoc:roles';
const PUBLIC_KEY = 'dondoc:public';

/** Roles allowed on a route; a route with none is open to every signed-in user. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);
/** A route that needs no token (health, login, the public key, the docs). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

export interface RequestWithActor {
  headers: Record<string, string | string[] | undefined>;
  actor?: Actor;
  /** The bearer token's `iat` (seconds), for the checks that run after the guard (revocation). */
  tokenIssuedAt?: number | null;
}

/** Global guard: every route needs a valid bearer token unless marked @Public(). */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;

    const request = context.switchToHttp().getRequest<RequestWithActor>();
    const header = request.headers['authorization'];
    const value = Array.isArray(header) ? header[0] : header;
    const match = value?.match(/^Bearer\s+(.+)$/i);
    if (!match) {
      throw new DomainError('unauthenticated', 'TOKEN_MISSING', 'Cần đăng nhập (thiếu mã xác thực Bearer)');
    }
    const { actor, issuedAt } = this.tokens.verifyToken(match[1].trim());
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles && !roles.includes(actor.role)) {
      throw new DomainError('forbidden', 'ROLE_NOT_ALLOWED', 'Vai trò của bạn không được phép thực hiện thao tác này', {
        role: actor.role,
        allowed: roles,
      });
    }
    request.actor = actor;
    request.tokenIssuedAt = issuedAt;
    return true;
  }
}

export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext): Actor => {
  const actor = context.switchToHttp().getRequest<RequestWithActor>().actor;
  if (!actor) throw new DomainError('unauthenticated', 'TOKEN_MISSING', 'Cần đăng nhập');
  return actor;
});
