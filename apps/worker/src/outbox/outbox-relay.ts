import { Injectable } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { JobOutbox, WorkerTimer } from '@app/queues';
import { PeriodicTask } from '../common/periodic-task.js';

/** Hands Redis the committed jobs their requests could not (Redis down or slow, a process killed after the commit). */
@Injectable()
export class OutboxRelay extends PeriodicTask {
  protected readonly what = 'outbox relay';

  constructor(
    config: AppConfig,
    private readonly outbox: JobOutbox,
  ) {
    super(WorkerTimer.outboxRelay, config);
  }

  protected async round(): Promise<void> {
    const relayed = await this.outbox.relay();
    if (relayed) this.logger.log(`relayed ${relayed} job(s) from the outbox`);
  }
}
