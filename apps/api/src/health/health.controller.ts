import { Controller, Get, HttpStatus, Logger, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import type { DataSource } from 'typeorm';
import { QueueProducer } from '@app/queues';
import { Public } from '../auth/auth.decorators.js';

const CHECK_TIMEOUT_MS = 2000;

function withTimeout<T>(work: Promise<T>): Promise<T> {
  return Promise.race([work, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS).unref())]);
}

/** Up or down, and why only to the log: connection errors name internal hosts and ports. */
async function check(name: string, work: () => Promise<unknown>, logger: Logger): Promise<{ status: 'up' | 'down' }> {
  try {
    await withTimeout(work());
    return { status: 'up' };
  } catch (e) {
    logger.warn(`readiness: ${name} is down: ${(e as Error).message}`);
    return { status: 'down' };
  }
}

@ApiTags('ops')
@Public()
@Controller('health')
export class HealthController {
  private readonly logger = new Logger(HealthController.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queues: QueueProducer,
  ) {}

  /** The process is up; says nothing of its dependencies (for a liveness probe). */
  @Get('live')
  live() {
    return { status: 'ok' };
  }

  /** Ready to serve: PostgreSQL answers a query and Redis a PING; 503 otherwise. */
  @Get('ready')
  async ready(@Res({ passthrough: true }) res: Response) {
    const [database, redis] = await Promise.all([
      check('database', () => this.dataSource.query('SELECT 1'), this.logger),
      check('redis', () => this.queues.ping(), this.logger),
    ]);
    const ok = database.status === 'up' && redis.status === 'up';
    res.status(ok ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return { status: ok ? 'ok' : 'unavailable', checks: { database, redis } };
  }
}
