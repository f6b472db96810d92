import { HttpException, HttpStatus, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request, Response } from 'express';
import { MetricsService } from '@app/observability';
import { LoginThrottle } from './login-throttle.js';

const MESSAGES = {
  address: 'too many sign-in attempts from this address',
  account: 'too many sign-in attempts for this account',
  locked: 'this account is locked after repeated failed sign-ins (an admin can unlock it)',
} as const;

/**
 * Runs before the login handler, so an attempt over a limit is refused before its password is
 * hashed. The address is req.ip: the client itself, or the one the proxies say when TRUST_PROXY
 * names them.
 */
@Injectable()
export class LoginThrottlerGuard implements CanActivate {
  constructor(
    private readonly throttle: LoginThrottle,
    private readonly metrics: MetricsService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const req = ctx.switchToHttp().getRequest<Request>();
    const email = typeof req.body?.email === 'string' ? req.body.email.trim() : '';
    const refusal = await this.throttle.check(req.ip ?? req.socket.remoteAddress ?? 'unknown', email);
    if (!refusal) return true;
    this.metrics.increment('tynda_login_refused_total', { reason: refusal.reason });
    ctx.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(refusal.retryAfterSeconds));
    throw new HttpException(`${MESSAGES[refusal.reason]}; try again in ${refusal.retryAfterSeconds} s`, HttpStatus.TOO_MANY_REQUESTS);
  }
}
