import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { Role } from '@app/domain';
import type { AuthUser } from './auth-user.js';

export const IS_PUBLIC = 'tynda:public';
export const ROLES = 'tynda:roles';

/** No bearer token needed (login, health, webhooks verified by their own signatures). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);

/** Only these roles may call the route; others get 403. */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator => SetMetadata(ROLES, roles);

export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthUser => {
  const user = ctx.switchToHttp().getRequest<Request & { user?: AuthUser }>().user;
  if (!user) throw new Error('CurrentUser used on a public route');
  return user;
});

/** The id of the session the request's token belongs to (set by the auth guard). */
export const CurrentSessionId = createParamDecorator((_: unknown, ctx: ExecutionContext): string => {
  const sessionId = ctx.switchToHttp().getRequest<Request & { sessionId?: string }>().sessionId;
  if (!sessionId) throw new Error('CurrentSessionId used on a public route');
  return sessionId;
});
