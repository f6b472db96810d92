import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { AppConfig } from '@app/config';
import type { OutboxRow } from '@app/database';
import { DEFAULT_JOB_OPTIONS, QueueName, traced, type JobData, type JobName } from './queue-contract.js';
import { createRedis } from './redis-connection.js';
import { closeWithin, QUEUE_CLOSE_GRACE_MS, withTimeout } from './with-timeout.js';

/** Connection states in which a command cannot reach Redis now. */
const DOWN = new Set(['reconnecting', 'close', 'end']);

export interface EnqueueOptions {
  jobId: string;
  delayMs?: number;
}

@Injectable()
export class QueueProducer implements OnApplicationShutdown {
  private readonly logger = new Logger(QueueProducer.name);
  private readonly queues = new Map<QueueName, Queue>();
  private connection?: Redis;

  constructor(private readonly config: AppConfig) {}

  queue(name: QueueName): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection: this.redis(), prefix: this.config.QUEUE_PREFIX, defaultJobOptions: DEFAULT_JOB_OPTIONS });
      // The connection's own listener already reports an outage; without one here BullMQ prints every reconnect error.
      queue.on('error', () => undefined);
      this.queues.set(name, queue);
    }
    return queue;
  }

  /** Adds a job; fails after QUEUE_ENQUEUE_TIMEOUT_MS rather than wait for a Redis that is down or slow. */
  async enqueue<Q extends QueueName, N extends JobName<Q>>(queue: Q, name: N, data: JobData<Q, N>, options: EnqueueOptions): Promise<void> {
    await this.bounded(this.queue(queue).add(name, traced(data), { jobId: options.jobId, delay: options.delayMs }), `${queue}/${name}`);
  }

  /**
   * For effects whose source of truth is already committed in PostgreSQL: if Redis is down the
   * job is not lost, a periodic sweep finds the row and enqueues it again. So log, don't fail.
   */
  async enqueueOrDefer<Q extends QueueName, N extends JobName<Q>>(queue: Q, name: N, data: JobData<Q, N>, options: EnqueueOptions): Promise<boolean> {
    try {
      await this.enqueue(queue, name, data, options);
      return true;
    } catch (e) {
      this.logger.warn(`could not enqueue ${queue}/${name} (${options.jobId}); the sweep will retry: ${(e as Error).message}`);
      return false;
    }
  }

  /** Adds many jobs, whatever their queues (a bulk add per queue), within the same bound. */
  async addRows(rows: readonly OutboxRow[], now = Date.now()): Promise<void> {
    const byQueue = new Map<string, OutboxRow[]>();
    for (const row of rows) byQueue.set(row.queue, [...(byQueue.get(row.queue) ?? []), row]);
    await this.bounded(
      Promise.all(
        [...byQueue].map(([queue, jobs]) =>
          this.queue(queue as QueueName).addBulk(
            jobs.map((j) => ({ name: j.name, data: j.data, opts: { jobId: j.jobId, delay: j.runAt === null ? undefined : Math.max(0, j.runAt - now) } })),
          ),
        ),
      ),
      `${rows.length} jobs`,
    );
  }

  /** Publishes on a Redis pub/sub channel over the producer's connection, within the same bound as an add. */
  async publish(channel: string, message: string): Promise<void> {
    await this.bounded(this.redis().publish(channel, message), `a message on ${channel}`);
  }

  async ping(): Promise<string> {
    return this.redis().ping();
  }

  /**
   * BullMQ waits for its connection to be ready before it sends a command, with no limit: while
   * Redis is down an add would hang for as long as the outage. A request must not (issue 12).
   */
  bounded<T>(work: Promise<T>, what: string): Promise<T> {
    // Known down (ioredis is reconnecting): answer at once instead of spending the whole bound.
    if (this.connection && DOWN.has(this.connection.status)) {
      work.catch(() => undefined);
      return Promise.reject(new Error(`Redis is unavailable (${this.connection.status}); ${what} not enqueued`));
    }
    // The work may still land later; job ids are deterministic, so a relayed copy of it is the same job.
    return withTimeout(work, this.config.QUEUE_ENQUEUE_TIMEOUT_MS, `Redis did not take ${what} within ${this.config.QUEUE_ENQUEUE_TIMEOUT_MS} ms`);
  }

  private redis(): Redis {
    if (!this.connection) {
      this.connection = createRedis(this.config.REDIS_URL, 'producer');
      this.connection.on('error', (e: Error) => this.logger.warn(`redis: ${e.message}`));
    }
    return this.connection;
  }

  async onApplicationShutdown(): Promise<void> {
    const queues = [...this.queues.values()];
    const grace = this.connection && DOWN.has(this.connection.status) ? 0 : QUEUE_CLOSE_GRACE_MS;
    await closeWithin(grace, Promise.all(queues.map((q) => q.close())), () => queues.forEach((q) => void q.disconnect().catch(() => undefined)));
    this.connection?.disconnect();
  }
}
