import { Injectable, Logger } from '@nestjs/common';
import { createHmac } from 'node:crypto';
import { AppConfig } from '@app/config';
import { RetentionRepository } from '@app/database';

const BATCH = 1000;
/** A run stops after this many batches of each kind; the next run goes on (the table is never held long). */
const MAX_BATCHES = 200;
const DAY_MS = 86_400_000;

export interface RetentionRun {
  rawDeliveriesEmptied: number;
  ticketsPseudonymised: number;
  clustersPseudonymised: number;
}

/**
 * Raw webhook payloads are kept RETENTION_RAW_DELIVERY_DAYS after they were handled, residents'
 * personal data RETENTION_PERSONAL_DATA_DAYS after their ticket finished (0 = keep); what the figures
 * need stays (docs/retention.md). Batches are small transactions of their own.
 */
@Injectable()
export class RetentionService {
  private readonly logger = new Logger(RetentionService.name);
  /** Keys the residents' pseudonyms: without it, a pseudonym of a known phone number or user id could be recomputed. */
  private readonly pseudonymKey: string;

  constructor(
    private readonly config: AppConfig,
    private readonly retention: RetentionRepository,
  ) {
    this.pseudonymKey = createHmac('sha256', config.JWT_SECRET).update('tynda resident pseudonym').digest('hex');
  }

  async run(now = new Date()): Promise<RetentionRun> {
    const result = { rawDeliveriesEmptied: 0, ticketsPseudonymised: 0, clustersPseudonymised: 0 };
    if (this.config.RETENTION_RAW_DELIVERY_DAYS > 0) {
      const cutoff = new Date(now.getTime() - this.config.RETENTION_RAW_DELIVERY_DAYS * DAY_MS);
      let afterId = '0';
      for (let i = 0; i < MAX_BATCHES; i++) {
        const batch = await this.retention.emptyRawDeliveries(cutoff, afterId, BATCH);
        result.rawDeliveriesEmptied += batch.emptied;
        if (batch.reachedCutoff || batch.lastId === null) break;
        afterId = batch.lastId;
      }
    }
    if (this.config.RETENTION_PERSONAL_DATA_DAYS > 0) {
      const cutoff = new Date(now.getTime() - this.config.RETENTION_PERSONAL_DATA_DAYS * DAY_MS);
      for (let i = 0; i < MAX_BATCHES; i++) {
        const n = await this.retention.pseudonymiseTickets(cutoff, this.pseudonymKey, BATCH);
        result.ticketsPseudonymised += n;
        if (n < BATCH) break;
      }
      for (let i = 0; i < MAX_BATCHES; i++) {
        const n = await this.retention.pseudonymiseClusters(cutoff, BATCH);
        result.clustersPseudonymised += n;
        if (n < BATCH) break;
      }
    }
    if (result.rawDeliveriesEmptied || result.ticketsPseudonymised || result.clustersPseudonymised) this.logger.log({ message: 'retention purge', ...result });
    return result;
  }
}
