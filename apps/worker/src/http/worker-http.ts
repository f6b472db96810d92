import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DataSource } from 'typeorm';
import { AppConfig } from '@app/config';
import { MetricsService, metricsAccess, readiness } from '@app/observability';
import { QueueProducer } from '@app/queues';
import { AssignmentProcessor } from '../assignment/assignment.processor.js';
import { IntakeProcessor } from '../intake/intake.processor.js';
import { MaintenanceProcessor } from '../maintenance/maintenance.processor.js';
import { NotifyProcessor } from '../notify/notify.processor.js';
import { OutboundProcessor } from '../outbound/outbound.processor.js';
import { SlaProcessor } from '../sla/sla.processor.js';

/**
 * The worker's small HTTP listener (WORKER_HTTP_PORT, 0 = none): `/metrics` (guarded as the API's
 * is), `/health/live`, and `/health/ready` — PostgreSQL and Redis answer and every queue's worker
 * runs. Node's own server: the worker has no use for a framework's routing.
 */
@Injectable()
export class WorkerHttp implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WorkerHttp.name);
  private server?: Server;
  private readonly processors: Array<{ queue: string; running: boolean }>;

  constructor(
    private readonly config: AppConfig,
    private readonly metrics: MetricsService,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queues: QueueProducer,
    assignment: AssignmentProcessor,
    sla: SlaProcessor,
    intake: IntakeProcessor,
    notify: NotifyProcessor,
    outbound: OutboundProcessor,
    maintenance: MaintenanceProcessor,
  ) {
    this.processors = [assignment, sla, intake, notify, outbound, maintenance].map((p) => ({
      queue: p.constructor.name,
      get running() {
        return p.running;
      },
    }));
  }

  /** The port it listens on (the configured one, or the one the OS chose); null when off. */
  get port(): number | null {
    const address = this.server?.address();
    return address && typeof address === 'object' ? (address as AddressInfo).port : null;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.WORKER_HTTP_PORT) return;
    const server = createServer((req, res) => void this.answer(req, res));
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(this.config.WORKER_HTTP_PORT, '0.0.0.0', () => resolve());
      });
    } catch (e) {
      // Jobs still run without it; the probes that cannot reach it are what says something is wrong.
      this.logger.error({ message: 'worker HTTP listener not started', port: this.config.WORKER_HTTP_PORT, error: (e as Error).message });
      return;
    }
    this.server = server;
    this.logger.log({ message: 'worker HTTP listener started', port: this.port, paths: ['/metrics', '/health/live', '/health/ready'] });
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD')
        return send(res, 405, { statusCode: 405, error: 'Method Not Allowed', message: `${req.method} is not served here` });
      if (path === '/health/live') return send(res, 200, { status: 'ok' });
      if (path === '/health/ready') {
        const { ok, body } = await readiness({
          database: () => this.dataSource.query('SELECT 1'),
          redis: () => this.queues.ping(),
          workers: async () => {
            const stopped = this.processors.filter((p) => !p.running).map((p) => p.queue);
            if (stopped.length) throw new Error(`not running: ${stopped.join(', ')}`);
          },
        });
        return send(res, ok ? 200 : 503, body);
      }
      if (path === '/metrics') {
        const access = metricsAccess(this.config.METRICS_TOKEN, this.config.NODE_ENV === 'production', req.headers.authorization);
        if (access === 'off') return send(res, 404, { statusCode: 404, error: 'Not Found', message: 'Cannot GET /metrics' });
        if (access === 'unauthorized')
          return send(res, 401, { statusCode: 401, error: 'Unauthorized', message: 'metrics need Authorization: Bearer <METRICS_TOKEN>' });
        const text = await this.metrics.render();
        res.writeHead(200, { 'Content-Type': this.metrics.contentType });
        return void res.end(text);
      }
      send(res, 404, { statusCode: 404, error: 'Not Found', message: `Cannot GET ${path}` });
    } catch (e) {
      this.logger.error({ message: 'worker HTTP request failed', path, error: (e as Error).message });
      send(res, 500, { statusCode: 500, error: 'Internal Server Error', message: 'internal error' });
    }
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-store' });
  res.end(text);
}
