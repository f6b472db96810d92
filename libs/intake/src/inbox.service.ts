import { Injectable } from '@nestjs/common';
import { IntakeRepository, type StoredDelivery } from '@app/database';
import type { WebhookChannel } from '@app/domain';
import { QueueName, QueueProducer, jobIds } from '@app/queues';
import { GroupCommit } from './group-commit.js';

/**
 * Deliveries of the same half second share one drain job, which runs when the bucket closes and
 * takes every unprocessed delivery. A delivery whose commit races the drain is picked up by the
 * relay. Half a second of delay means nothing on an SLA counted in working days, and a burst then
 * makes few large batches: each batch has fixed work (its statements, the assignment job with its
 * workload count, timers): at 100 ms and 200 a batch, a ticket took ~20% more CPU (BENCHMARKS.md).
 */
const DRAIN_BUCKET_MS = 500;
/** Deliveries per INSERT at most, and their bytes past the first: a statement stays well under PostgreSQL's limits. */
const STORE_BATCH = 100;
const STORE_BATCH_BYTES = 4 * 1024 * 1024;

/**
 * The API's side of intake: store the exact bytes, then ask the worker to drain. Storing is what
 * the acknowledgement promises; if Redis is down the enqueue fails quietly and the worker's relay
 * finds the delivery in PostgreSQL later.
 */
@Injectable()
export class InboxService {
  /** The bucket this process last asked a drain for: one Redis call per bucket, not one per delivery. */
  private lastBucket = 0;
  /**
   * A burst of deliveries is stored a batch per INSERT and commit (each answered once its own batch
   * is committed): a single-row INSERT per delivery cost PostgreSQL more CPU than all the rest of
   * the acknowledgement (BENCHMARKS.md).
   */
  private readonly store: GroupCommit<{ channel: WebhookChannel; body: Buffer }, StoredDelivery>;

  constructor(
    private readonly intake: IntakeRepository,
    private readonly queues: QueueProducer,
  ) {
    this.store = new GroupCommit(
      (deliveries) => this.intake.storeMany(deliveries),
      STORE_BATCH,
      STORE_BATCH_BYTES,
      (d) => d.body.length,
    );
  }

  async receive(channel: WebhookChannel, body: Buffer): Promise<StoredDelivery> {
    const stored = await this.store.add({ channel, body });
    // Not awaited: the acknowledgement depends on PostgreSQL only, never on Redis being up.
    if (stored.fresh) void this.kick();
    return stored;
  }

  /** Asks for a drain when the current bucket closes; false when Redis could not be reached. */
  async kick(now = Date.now()): Promise<boolean> {
    const bucket = Math.ceil((now + 1) / DRAIN_BUCKET_MS) * DRAIN_BUCKET_MS;
    if (bucket === this.lastBucket) return true;
    this.lastBucket = bucket;
    const queued = await this.queues.enqueueOrDefer(
      QueueName.intake,
      'intake.drain',
      { at: bucket },
      { jobId: jobIds.intakeDrain(bucket), delayMs: bucket - now },
    );
    // Redis refused: let the next delivery try again instead of trusting this bucket.
    if (!queued && this.lastBucket === bucket) this.lastBucket = 0;
    return queued;
  }
}
