import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { AppConfig } from '@app/config';
import { DEFAULT_JOB_OPTIONS, QueueName, jobIds, type JobData, type JobName } from './queue-contract.js';
import { createRedis } from './redis-connection.js';

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
      this.queues.set(name, queue);
    }
    return queue;
  }

  async enqueue<Q extends QueueName, N extends JobName<Q>>(queue: Q, name: N, data: JobData<Q, N>, options: EnqueueOptions): Promise<void> {
    await this.queue(queue).add(name, data, { jobId: options.jobId, delay: options.delayMs });
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

  /**
   * Hands freshly written in-app notifications to the notify worker for external transports. With
   * no transport configured (no SMTP_URL) there is nothing to deliver and no job is made.
   */
  async deliverNotifications(notificationIds: string[]): Promise<void> {
    if (!this.config.SMTP_URL || !notificationIds.length) return;
    try {
      await this.queue(QueueName.notify).addBulk(
        notificationIds.map((id) => ({ name: 'notify.deliver', data: { notificationId: id }, opts: { jobId: jobIds.notifyDeliver(id) } })),
      );
    } catch (e) {
      // The in-app notification is stored either way; only the e-mail copy is lost.
      this.logger.warn(`could not enqueue ${notificationIds.length} notification deliveries: ${(e as Error).message}`);
    }
  }

  async ping(): Promise<string> {
    return this.redis().ping();
  }

  private redis(): Redis {
    if (!this.connection) {
      this.connection = createRedis(this.config.REDIS_URL, 'producer');
      this.connection.on('error', (e: Error) => this.logger.warn(`redis: ${e.message}`));
    }
    return this.connection;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    this.connection?.disconnect();
  }
}
