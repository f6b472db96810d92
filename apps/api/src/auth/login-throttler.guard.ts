import { HttpException, HttpStatus, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AppConfig } from '@app/config';

const WINDOW_MS = 60_000;

/**
 * Fixed one-minute window of login attempts per client address and e-mail, so guessing one
 * account's password is slow while an office behind one NAT can still log in. In memory: each API
 * replica counts its own attempts, which still bounds guessing to replicas x limit per minute.
 */
@Injectable()
export class LoginThrottlerGuard implements CanActivate {
  private readonly attempts = new Map<string, { count: number; resetAt: number }>();

  constructor(private readonly config: AppConfig) {}

  canActivate(ctx: ExecutionContext): boolean {
    const req = ctx.switchToHttp().getRequest<Request>();
    const email = typeof req.body?.email === 'string' ? req.body.email.toLowerCase() : '';
    const key = `${req.ip}|${email}`;
    const now = Date.now();
    if (this.attempts.size > 10_000) this.forgetExpired(now);
    const entry = this.attempts.get(key);
    if (!entry || entry.resetAt <= now) {
      this.attempts.set(key, { count: 1, resetAt: now + WINDOW_MS });
      return true;
    }
    entry.count += 1;
    if (entry.count <= this.config.LOGIN_RATE_LIMIT) return true;
    const retryAfter = Math.ceil((entry.resetAt - now) / 1000);
    ctx.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(retryAfter));
    throw new HttpException(`too many login attempts; try again in ${retryAfter} s`, HttpStatus.TOO_MANY_REQUESTS);
  }

  private forgetExpired(now: number): void {
    for (const [key, e] of this.attempts) if (e.resetAt <= now) this.attempts.delete(key);
  }
}
