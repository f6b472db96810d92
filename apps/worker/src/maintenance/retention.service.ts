import { Injectable, Logger } from '@nestjs/common';
import { createHmac } from 'node:crypto';
import { AppConfig } from '@app/config';
import { RetentionRepository } from '@app/database';
import { rawDeliveryRetentionDays, retentionCutoff } from '@app/domain';
import { QueueName, QueueProducer } from '@app/queues';

const BATCH = 1000;
/** A run stops after this many batches of each kind; the next run goes on (the table is never held long). */
const MAX_BATCHES = 200;

export interface RetentionRun {
  rawDeliveriesEmptied: number;
  failedJobsRemoved: number;
  ticketsPseudonymised: number;
  repliesEmptied: number;
  eventsPurged: number;
  clustersPseudonymised: number;
}

/**
 * Raw webhook payloads, and failed jobs kept in Redis, go RETENTION_RAW_DELIVERY_DAYS after they
 * were handled (never later than the personal-data period); residents' personal data, with every
 * reply and event of theirs, RETENTION_PERSONAL_DATA_DAYS after their ticket finished (0 = keep);
 * what the figures need stays (docs/retention.md). Batches are small transactions of their own.
 */
@Injectable()
export class RetentionService {
  private readonly logger = new Logger(RetentionService.name);
  /** Keys the pseudonyms: without it, the pseudonym of a known phone number or user id could be recomputed. */
  private readonly pseudonymKey: string;

  constructor(
    private readonly config: AppConfig,
    private readonly retention: RetentionRepository,
    private readonly queues: QueueProducer,
  ) {
    this.pseudonymKey = createHmac('sha256', config.JWT_SECRET).update('tynda resident pseudonym').digest('hex');
  }

  async run(now = new Date()): Promise<RetentionRun> {
    const result: RetentionRun = {
      rawDeliveriesEmptied: 0,
      failedJobsRemoved: 0,
      ticketsPseudonymised: 0,
      repliesEmptied: 0,
      eventsPurged: 0,
      clustersPseudonymised: 0,
    };
    const rawDays = rawDeliveryRetentionDays(this.config.RETENTION_RAW_DELIVERY_DAYS, this.config.RETENTION_PERSONAL_DATA_DAYS);
    if (rawDays > 0) {
      const cutoff = retentionCutoff(now, rawDays);
      let afterId = '0';
      for (let i = 0; i < MAX_BATCHES; i++) {
        const batch = await this.retention.emptyRawDeliveries(cutoff, this.pseudonymKey, afterId, BATCH);
        result.rawDeliveriesEmptied += batch.emptied;
        if (batch.reachedCutoff || batch.lastId === null) break;
        afterId = batch.lastId;
      }
      result.failedJobsRemoved = await this.removeFailedJobs(cutoff);
    }
    if (this.config.RETENTION_PERSONAL_DATA_DAYS > 0) {
      const cutoff = retentionCutoff(now, this.config.RETENTION_PERSONAL_DATA_DAYS);
      for (let i = 0; i < MAX_BATCHES; i++) {
        const batch = await this.retention.pseudonymiseTickets(cutoff, this.pseudonymKey, BATCH);
        result.ticketsPseudonymised += batch.tickets;
        result.repliesEmptied += batch.replies;
        result.eventsPurged += batch.events;
        if (batch.tickets < BATCH) break;
      }
      for (let i = 0; i < MAX_BATCHES; i++) {
        const n = await this.retention.pseudonymiseClusters(cutoff, BATCH);
        result.clustersPseudonymised += n;
        if (n < BATCH) break;
      }
    }
    if (Object.values(result).some((n) => n > 0)) this.logger.log({ message: 'retention purge', ...result });
    return result;
  }

  /**
   * Failed jobs stay in Redis for inspection (removeOnFail: false), and a failure's reason may quote
   * a channel's ids: past the period they go too, a batch of each queue at a time.
   */
  private async removeFailedJobs(cutoff: Date): Promise<number> {
    const graceMs = Math.max(0, Date.now() - cutoff.getTime());
    let removed = 0;
    for (const name of Object.values(QueueName)) {
      for (let i = 0; i < MAX_BATCHES; i++) {
        const ids = await this.queues.queue(name).clean(graceMs, BATCH, 'failed');
        removed += ids.length;
        if (ids.length < BATCH) break;
      }
    }
    return removed;
  }
}
