import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { AppConfig } from '@app/config';
import { DomainError } from '@app/domain';
import { metricsAccess } from '@app/observability';

/**
 * /metrics names queues, failure counts and traffic: with METRICS_TOKEN set only a scraper that
 * sends it as a bearer token reads it; in production without a token it is off (404), elsewhere public.
 */
@Injectable()
export class MetricsTokenGuard implements CanActivate {
  constructor(private readonly config: AppConfig) {}

  canActivate(ctx: ExecutionContext): boolean {
    const access = metricsAccess(
      this.config.METRICS_TOKEN,
      this.config.NODE_ENV === 'production',
      ctx.switchToHttp().getRequest<Request>().header('authorization'),
    );
    if (access === 'off') throw new DomainError('not_found', 'Cannot GET /metrics');
    if (access === 'unauthorized') throw new DomainError('unauthorized', 'metrics need Authorization: Bearer <METRICS_TOKEN>');
    return true;
  }
}
