import { Injectable } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { JobOutbox } from '@app/queues';
import { PeriodicTask } from '../common/periodic-task.js';

/** Hands Redis the committed jobs their requests could not (Redis down or slow, a process killed after the commit). */
@Injectable()
export class OutboxRelay extends PeriodicTask {
  protected readonly what = 'outbox relay';
  protected readonly everyMs: number;

  constructor(
    config: AppConfig,
    private readonly outbox: JobOutbox,
  ) {
    super();
    this.everyMs = config.OUTBOX_RELAY_EVERY_MS;
  }

  protected async round(): Promise<void> {
    const relayed = await this.outbox.relay();
    if (relayed) this.logger.log(`relayed ${relayed} job(s) from the outbox`);
  }
}
