import { Injectable } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { QueueName, QueueProducer } from '@app/queues';
import { SlaService } from '@app/sla';
import { QueueProcessor, type TypedJob } from '../common/queue-processor.js';

/** Timers wake `advanceDue` at SLA instants; the periodic sweep runs it too, catching what a lost timer missed. */
@Injectable()
export class SlaProcessor extends QueueProcessor<'sla'> {
  constructor(
    config: AppConfig,
    private readonly sla: SlaService,
    private readonly queues: QueueProducer,
  ) {
    // A few loops at once are plenty: each takes whole batches, and more only contend for the same rows.
    super(QueueName.sla, config, 4);
  }

  protected override async started(): Promise<void> {
    // A scheduler, not a timer per worker: however many workers run, one sweep job per interval.
    await this.queues
      .queue(QueueName.sla)
      .upsertJobScheduler('sla-sweep', { every: this.config.SLA_SWEEP_EVERY_MS }, { name: 'sla.sweep', data: {} });
  }

  protected async process(job: TypedJob<'sla'>): Promise<unknown> {
    switch (job.name) {
      case 'sla.due':
        return { steps: await this.sla.advanceDue() };
      case 'sla.sweep':
        return { steps: await this.sla.advanceDue(true), timers: await this.sla.planTimers() };
      case 'sla.retime':
        return { retimed: await this.sla.retimeOpenTickets() };
    }
  }
}
