import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { OutboxRepository, UnitOfWork, type OutboxRow } from '@app/database';
import { notificationTransports } from '@app/domain';
import { QueueName, jobIds, traced, type JobData, type JobName } from './queue-contract.js';
import { QueueProducer } from './queue-producer.js';

/** A row staged this long ago and still there was not handed over by its request: the relay takes it. */
const OUTBOX_GRACE_MS = 2000;
const RELAY_BATCH = 500;

/** Jobs staged in a transaction, to hand to Redis once it committed. */
export interface StagedJobs {
  ids: string[];
  rows: OutboxRow[];
}

const NOTHING: StagedJobs = { ids: [], rows: [] };

/** A typed job for the outbox: the same queue contract as the producer's. */
export function outboxJob<Q extends QueueName, N extends JobName<Q>>(
  queue: Q,
  name: N,
  data: JobData<Q, N>,
  jobId: string,
  runAt: number | null = null,
): OutboxRow {
  return { queue, name, data: traced(data), jobId, runAt };
}

/**
 * The transactional outbox. A write stages the jobs it asks for in its own transaction, so a
 * committed write always has its jobs; after the commit they are handed to Redis within
 * QUEUE_ENQUEUE_TIMEOUT_MS and their rows deleted. If Redis is down or slow, or the process dies in
 * between, the rows stay and the worker's relay (`relay`) enqueues them: the HTTP answer never
 * waits for Redis, and no job a committed write asked for is lost.
 */
@Injectable()
export class JobOutbox {
  private readonly logger = new Logger(JobOutbox.name);

  constructor(
    private readonly config: AppConfig,
    private readonly outbox: OutboxRepository,
    private readonly producer: QueueProducer,
    private readonly uow: UnitOfWork,
  ) {}

  async stage(rows: readonly OutboxRow[]): Promise<StagedJobs> {
    if (!rows.length) return NOTHING;
    return { ids: await this.outbox.stage(rows), rows: [...rows] };
  }

  /** In the open transaction (UnitOfWork.run): stages the jobs with the write, and hands them to Redis once it committed. */
  async enqueueAfterCommit(rows: readonly OutboxRow[]): Promise<void> {
    if (!rows.length) return;
    let staged = NOTHING;
    // Registered first: outside a transaction this throws before anything is stored.
    this.uow.afterCommit(() => this.dispatch(staged));
    staged = await this.stage(rows);
  }

  /** After the commit: hands the staged jobs to Redis, or leaves them to the relay. Never throws. */
  async dispatch(staged: StagedJobs): Promise<void> {
    if (!staged.rows.length) return;
    try {
      await this.producer.addRows(staged.rows);
    } catch (e) {
      this.logger.warn(`${staged.rows.length} job(s) left in the outbox for the relay: ${(e as Error).message}`);
      return;
    }
    try {
      await this.outbox.remove(staged.ids);
    } catch (e) {
      // Enqueued already; the relay's copy carries the same job ids, so it adds nothing new.
      this.logger.warn(`could not clear ${staged.ids.length} dispatched outbox row(s): ${(e as Error).message}`);
    }
  }

  /**
   * For jobs asked for after a commit that had no room for them (the worker's own batches): tried
   * at once, and stored in the outbox only when Redis does not take them.
   */
  async send(rows: readonly OutboxRow[]): Promise<void> {
    if (!rows.length) return;
    try {
      await this.producer.addRows(rows);
    } catch (e) {
      this.logger.warn(`${rows.length} job(s) stored in the outbox for the relay: ${(e as Error).message}`);
      await this.uow.run(() => this.outbox.stage(rows));
    }
  }

  /** A delivery job per in-app notification, for the transports beyond the app; none while there is none (notificationTransports). */
  notifications(notificationIds: readonly string[]): OutboxRow[] {
    if (!notificationTransports(this.config).length) return [];
    return notificationIds.map((id) => outboxJob(QueueName.notify, 'notify.deliver', { notificationId: id }, jobIds.notifyDeliver(id)));
  }

  /** The relay's round: enqueues every stale row (several relays share them through SKIP LOCKED); returns how many were handed over. */
  async relay(): Promise<number> {
    let total = 0;
    for (;;) {
      const moved = await this.uow.run(async () => {
        const rows = await this.outbox.takeStale(OUTBOX_GRACE_MS, RELAY_BATCH);
        if (!rows.length) return 0;
        try {
          await this.producer.addRows(rows);
        } catch (e) {
          await this.outbox.markAttempt(
            rows.map((r) => r.id),
            (e as Error).message,
          );
          return -1;
        }
        await this.outbox.remove(rows.map((r) => r.id));
        return rows.length;
      });
      if (moved <= 0) return total;
      total += moved;
      if (moved < RELAY_BATCH) return total;
    }
  }
}
