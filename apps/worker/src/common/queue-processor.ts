import { Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { AppConfig } from '@app/config';
import { createRedis, type JobData, type JobName, type QueueName } from '@app/queues';

export type TypedJob<Q extends QueueName> = { [N in JobName<Q>]: Job<JobData<Q, N>, unknown, N> }[JobName<Q>];

/**
 * One BullMQ worker per queue. Handlers let errors propagate: BullMQ retries with backoff and keeps
 * the failure; swallowing it would lose it. On SIGTERM `close()` waits for running jobs to finish.
 */
export abstract class QueueProcessor<Q extends QueueName> implements OnApplicationBootstrap, OnApplicationShutdown {
  protected readonly logger = new Logger(this.constructor.name);
  private worker?: Worker;
  private connection?: Redis;

  protected constructor(
    private readonly queueName: Q,
    protected readonly config: AppConfig,
    private readonly concurrency = 10,
  ) {}

  protected abstract process(job: TypedJob<Q>): Promise<unknown>;

  async onApplicationBootstrap(): Promise<void> {
    this.connection = createRedis(this.config.REDIS_URL, 'worker');
    this.worker = new Worker(this.queueName, (job) => this.process(job as TypedJob<Q>), {
      connection: this.connection,
      prefix: this.config.QUEUE_PREFIX,
      concurrency: this.concurrency,
    });
    this.worker.on('failed', (job, err) => this.logger.warn({ message: 'job failed', queue: this.queueName, jobId: job?.id, attempt: job?.attemptsMade, error: err.message }));
    this.worker.on('error', (err) => this.logger.error({ message: 'worker error', queue: this.queueName, error: err.message }));
    await this.worker.waitUntilReady();
    this.logger.log(`processing queue '${this.queueName}' (concurrency ${this.concurrency})`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker?.close();
    this.connection?.disconnect();
  }
}
