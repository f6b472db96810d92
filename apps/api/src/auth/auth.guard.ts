import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import type { Request } from 'express';
import { UsersRepository } from '@app/database';
import { DomainError, type Role } from '@app/domain';
import { IS_PUBLIC, ROLES } from './auth.decorators.js';
import { toAuthUser, type AuthUser } from './auth-user.js';
import type { TokenClaims } from './auth.service.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Global guard: a valid bearer token (HS256 only, with an expiry) of a live session of an active
 * user, then the route's roles. The user and the session are read together on each request (one
 * indexed join), so a logout, a deactivation or a change of password, role or scope ends the
 * token at once.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly users: UsersRepository,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const req = ctx.switchToHttp().getRequest<Request & { user?: AuthUser; sessionId?: string }>();
    const [scheme, token] = (req.header('authorization') ?? '').split(' ');
    if (scheme?.toLowerCase() !== 'bearer' || !token) {
      throw new DomainError('unauthorized', 'missing bearer token: log in at POST /api/v1/auth/login and send Authorization: Bearer <accessToken>');
    }
    let claims: Partial<TokenClaims>;
    try {
      // The algorithm is pinned: a token signed any other way (HS512, none) is refused whatever its signature.
      claims = await this.jwt.verifyAsync<Partial<TokenClaims>>(token, { algorithms: ['HS256'] });
    } catch {
      throw new DomainError('unauthorized', 'the access token is invalid or expired; log in again');
    }
    // jsonwebtoken accepts a token without `exp` as never expiring; Tynda's tokens always have one.
    if (
      typeof claims.exp !== 'number' ||
      typeof claims.sub !== 'string' ||
      typeof claims.sid !== 'string' ||
      !UUID.test(claims.sub) ||
      !UUID.test(claims.sid)
    ) {
      throw new DomainError('unauthorized', 'the access token is invalid or expired; log in again');
    }
    const user = await this.users.findBySession(claims.sub, claims.sid);
    if (!user) throw new DomainError('unauthorized', 'the session has ended (signed out, password or role changed, or account deactivated); log in again');
    req.user = toAuthUser(user);
    req.sessionId = claims.sid;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, targets);
    if (roles && !roles.includes(user.role)) {
      throw new DomainError('forbidden', `this action needs one of the roles: ${roles.join(', ')}`);
    }
    return true;
  }
}
