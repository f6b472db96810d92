import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import type { Request } from 'express';
import { UsersRepository } from '@app/database';
import { DomainError, type Role } from '@app/domain';
import { IS_PUBLIC, ROLES } from './auth.decorators.js';
import { toAuthUser, type AuthUser } from './auth-user.js';

/**
 * Global guard: a valid bearer token of an active user, then the route's roles. The user is
 * re-read on each request so a deactivation or a change of scope takes effect at once.
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
    const req = ctx.switchToHttp().getRequest<Request & { user?: AuthUser }>();
    const [scheme, token] = (req.header('authorization') ?? '').split(' ');
    if (scheme?.toLowerCase() !== 'bearer' || !token) {
      throw new DomainError('unauthorized', 'missing bearer token: log in at POST /api/v1/auth/login and send Authorization: Bearer <accessToken>');
    }
    let sub: string;
    try {
      sub = (await this.jwt.verifyAsync<{ sub: string }>(token)).sub;
    } catch {
      throw new DomainError('unauthorized', 'the access token is invalid or expired; log in again');
    }
    const user = await this.users.findActiveById(sub);
    if (!user) throw new DomainError('unauthorized', 'the account no longer exists or is deactivated');
    req.user = toAuthUser(user);
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, targets);
    if (roles && !roles.includes(user.role)) {
      throw new DomainError('forbidden', `this action needs one of the roles: ${roles.join(', ')}`);
    }
    return true;
  }
}
