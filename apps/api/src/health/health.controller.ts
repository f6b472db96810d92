import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import type { DataSource } from 'typeorm';
import { readiness } from '@app/observability';
import { QueueProducer } from '@app/queues';
import { Public } from '../auth/auth.decorators.js';
import { ApiDoc, ref } from '../openapi/api-doc.decorator.js';

/** Probes expect `/health/*` at the root; `/api/v1/health/*` stays as an alias for what already polls it. */
export const HEALTH_PATHS = ['health', 'api/v1/health'];

@ApiTags('ops')
@Public()
@Controller(HEALTH_PATHS)
export class HealthController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queues: QueueProducer,
  ) {}

  /** The process is up; says nothing of its dependencies (for a liveness probe). */
  @Get('live')
  @ApiDoc({ summary: 'Liveness: the process is up', ok: ref('HealthLive'), public: true })
  live() {
    return { status: 'ok' };
  }

  /** Ready to serve: PostgreSQL answers a query and Redis a PING; 503 otherwise. */
  @Get('ready')
  @ApiDoc({ summary: 'Readiness: PostgreSQL and Redis answer (503 otherwise, same body)', ok: ref('HealthReady'), public: true })
  async ready(@Res({ passthrough: true }) res: Response) {
    const { ok, body } = await readiness({ database: () => this.dataSource.query('SELECT 1'), redis: () => this.queues.ping() });
    res.status(ok ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return body;
  }
}
