import { ForbiddenException, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { AppConfig } from '@app/config';
import { secretsEqual } from '@app/domain';

/**
 * GeoReport v2 authenticates a POST by the `api_key` field of its body. A guard runs before the
 * validation pipe, so a caller without a valid key gets
 * 403 (the spec's code for a missing or invalid api_key) whatever else the body holds.
 */
@Injectable()
export class Open311ApiKeyGuard implements CanActivate {
  private readonly keys: string[];

  constructor(config: AppConfig) {
    this.keys = (config.OPEN311_API_KEYS ?? '')
      .split(',')
      .map((k) => k.trim())
      .filter(Boolean);
  }

  canActivate(ctx: ExecutionContext): boolean {
    if (!this.keys.length) throw new ForbiddenException('Open311 is not configured: no api_key is accepted until OPEN311_API_KEYS is set');
    const body = ctx.switchToHttp().getRequest<Request>().body as { api_key?: unknown } | undefined;
    const given = typeof body?.api_key === 'string' ? body.api_key : undefined;
    // Every key is compared (no early exit), so the time taken does not tell which key came close.
    const matches = this.keys.map((key) => secretsEqual(given, key));
    if (!matches.includes(true)) throw new ForbiddenException('api_key is missing or wrong');
    return true;
  }
}
