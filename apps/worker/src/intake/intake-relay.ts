import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { IntakeRepository } from '@app/database';
import { InboxService } from '@app/intake';

/** A delivery this long unprocessed has no drain coming (Redis was down when it was stored, or the job was lost). */
const STALE_AFTER_MS = 2000;

/**
 * The relay from PostgreSQL to the queue: deliveries are acknowledged once stored, whether or not
 * Redis took the drain job, so the worker looks in the inbox itself, on a plain timer that needs
 * no Redis to run, and asks for a drain once Redis answers again. Several workers may all ask:
 * drain jobs are deduplicated per drain bucket and share the inbox through SKIP LOCKED.
 */
@Injectable()
export class IntakeRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(IntakeRelay.name);
  private timer?: NodeJS.Timeout;
  private running = false;

  constructor(
    private readonly config: AppConfig,
    private readonly intake: IntakeRepository,
    private readonly inbox: InboxService,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), this.config.INTAKE_RELAY_EVERY_MS);
    this.timer.unref();
    void this.tick();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  private async tick(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      if (await this.intake.hasStalePending(STALE_AFTER_MS)) await this.inbox.kick();
    } catch (e) {
      this.logger.warn(`relay check failed: ${(e as Error).message}`);
    } finally {
      this.running = false;
    }
  }
}
