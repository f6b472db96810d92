import { Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { AppConfig } from '@app/config';
import { timerIntervals, type WorkerTimer } from '@app/queues';

/**
 * A plain timer in each worker process, for the checks that must run when Redis cannot be trusted
 * (it is down, or came back empty): a BullMQ scheduler would be lost with the data it lives in.
 * A round never overlaps the previous one; a failed round is logged and the next one tries again.
 * Its interval is declared with the other schedules (libs/queues/src/job-schedules.ts).
 */
export abstract class PeriodicTask implements OnApplicationBootstrap, OnApplicationShutdown {
  protected readonly logger = new Logger(this.constructor.name);
  private timer?: NodeJS.Timeout;
  private running = false;
  private readonly everyMs: number;

  protected constructor(timer: WorkerTimer, config: AppConfig) {
    this.everyMs = timerIntervals(config)[timer];
  }

  protected abstract readonly what: string;
  protected abstract round(): Promise<void>;

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), this.everyMs);
    this.timer.unref();
    void this.tick();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  async tick(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      await this.round();
    } catch (e) {
      this.logger.warn(`${this.what} failed: ${(e as Error).message}`);
    } finally {
      this.running = false;
    }
  }
}
