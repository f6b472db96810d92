import { Inject, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { AppConfig } from '@app/config';
import { MetricsService, runWithLogContext } from '@app/observability';
import { closeWithin, createRedis, QUEUE_CLOSE_GRACE_MS, withTimeout, type JobData, type JobName, type JobTrace, type QueueName } from '@app/queues';

export type TypedJob<Q extends QueueName> = { [N in JobName<Q>]: Job<JobData<Q, N>, unknown, N> }[JobName<Q>];

/**
 * One BullMQ worker per queue. Handlers let errors propagate: BullMQ retries with backoff and keeps
 * the failure; swallowing it would lose it. On SIGTERM `close()` waits for running jobs to finish.
 */
export abstract class QueueProcessor<Q extends QueueName> implements OnApplicationBootstrap, OnApplicationShutdown {
  protected readonly logger = new Logger(this.constructor.name);
  private worker?: Worker;
  private connection?: Redis;
  // A property, so the processors' own constructors need not pass it along.
  @Inject(MetricsService) protected readonly metrics!: MetricsService;

  protected constructor(
    private readonly queueName: Q,
    protected readonly config: AppConfig,
    private readonly concurrency = 10,
  ) {}

  protected abstract process(job: TypedJob<Q>): Promise<unknown>;

  async onApplicationBootstrap(): Promise<void> {
    this.connection = createRedis(this.config.REDIS_URL, 'worker');
    this.worker = new Worker(this.queueName, (job) => this.run(job as TypedJob<Q>), {
      connection: this.connection,
      prefix: this.config.QUEUE_PREFIX,
      concurrency: this.concurrency,
    });
    this.worker.on('failed', (job, err) =>
      this.logger.warn({
        message: 'job failed',
        queue: this.queueName,
        job: job?.name,
        jobId: job?.id,
        requestId: (job?.data as JobTrace | undefined)?.requestId,
        attempt: job?.attemptsMade,
        error: err.message,
      }),
    );
    this.worker.on('error', (err) => this.logger.error({ message: 'worker error', queue: this.queueName, error: err.message }));
    await this.worker.waitUntilReady();
    this.logger.log(`processing queue '${this.queueName}' (concurrency ${this.concurrency})`);
  }

  /** The BullMQ worker runs and its connection to Redis is up (part of the worker's readiness). */
  get running(): boolean {
    return Boolean(this.worker?.isRunning()) && this.connection?.status === 'ready';
  }

  /** Runs the job in its log context (the request that caused it, the queue, the job id), logs and times it. */
  private run(job: TypedJob<Q>): Promise<unknown> {
    const requestId = (job.data as JobTrace | undefined)?.requestId;
    return runWithLogContext({ requestId, queue: this.queueName, jobId: job.id }, async () => {
      const started = performance.now();
      let result: 'completed' | 'failed' = 'failed';
      try {
        const value = await this.process(job);
        result = 'completed';
        return value;
      } finally {
        const durationMs = Math.round((performance.now() - started) * 10) / 10;
        this.metrics.observeJob(this.queueName, job.name, result, durationMs / 1000);
        if (result === 'completed') this.logger.log({ message: 'job completed', job: job.name, attempt: job.attemptsMade + 1, durationMs });
      }
    });
  }

  async onApplicationShutdown(): Promise<void> {
    const worker = this.worker;
    const connection = this.connection;
    if (worker) {
      // With Redis unreachable a graceful close cannot finish (it waits for commands queued on the
      // gone connection): closed by force at once, and past the grace (Redis lost meanwhile) its
      // connections are dropped, which fails those commands so BullMQ's loops end. Running jobs
      // come back as stalled and run again.
      const up =
        connection?.status === 'ready' &&
        (await withTimeout(connection.ping(), 1000, 'no answer').then(
          () => true,
          () => false,
        ));
      await closeWithin(up ? QUEUE_CLOSE_GRACE_MS : 0, worker.close(!up), () => {
        void worker.disconnect().catch(() => undefined);
        connection?.disconnect();
      });
    }
    connection?.disconnect();
  }
}
