import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { createHash, timingSafeEqual } from 'node:crypto';
import { AppConfig } from '@app/config';
import { DomainError } from '@app/domain';

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

/**
 * /metrics names queues, failure counts and traffic: with METRICS_TOKEN set only a scraper that
 * sends it as a bearer token reads it; in production without a token it is off (404), elsewhere public.
 */
@Injectable()
export class MetricsTokenGuard implements CanActivate {
  constructor(private readonly config: AppConfig) {}

  canActivate(ctx: ExecutionContext): boolean {
    const expected = this.config.METRICS_TOKEN;
    if (!expected) {
      if (this.config.NODE_ENV === 'production') throw new DomainError('not_found', 'Cannot GET /metrics');
      return true;
    }
    const [scheme, token] = (ctx.switchToHttp().getRequest<Request>().header('authorization') ?? '').split(' ');
    // Hashes compared in constant time: the token's length and prefix leak nothing.
    if (scheme?.toLowerCase() === 'bearer' && token && timingSafeEqual(digest(token), digest(expected))) return true;
    throw new DomainError('unauthorized', 'metrics need Authorization: Bearer <METRICS_TOKEN>');
  }
}
