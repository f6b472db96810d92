import { Injectable } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { IntakeRepository } from '@app/database';
import { InboxService } from '@app/intake';
import { WorkerTimer } from '@app/queues';
import { PeriodicTask } from '../common/periodic-task.js';

/** A delivery this long unprocessed has no drain coming (Redis was down when it was stored, or the job was lost). */
const STALE_AFTER_MS = 2000;

/**
 * The relay from PostgreSQL to the queue: deliveries are acknowledged once stored, whether or not
 * Redis took the drain job, so the worker looks in the inbox itself, on a plain timer that needs
 * no Redis to run, and asks for a drain once Redis answers again. Several workers may all ask:
 * drain jobs are deduplicated per drain bucket and share the inbox through SKIP LOCKED.
 */
@Injectable()
export class IntakeRelay extends PeriodicTask {
  protected readonly what = 'relay check';

  constructor(
    config: AppConfig,
    private readonly intake: IntakeRepository,
    private readonly inbox: InboxService,
  ) {
    super(WorkerTimer.intakeRelay, config);
  }

  protected async round(): Promise<void> {
    if (await this.intake.hasStalePending(STALE_AFTER_MS)) await this.inbox.kick();
  }
}
