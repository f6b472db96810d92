import { Injectable } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { QueueName } from '@app/queues';
import { SlaService } from '@app/sla';
import { FormalAppealsService, ResidentVerdictService } from '@app/tickets';
import { QueueProcessor, type TypedJob } from '../common/queue-processor.js';

/** Timers wake `advanceDue` at SLA instants; the periodic sweep runs it too, catching what a lost timer missed. */
@Injectable()
export class SlaProcessor extends QueueProcessor<'sla'> {
  constructor(
    config: AppConfig,
    private readonly sla: SlaService,
    private readonly verdicts: ResidentVerdictService,
    private readonly appeals: FormalAppealsService,
  ) {
    // A few loops at once are plenty: each takes whole batches, and more only contend for the same rows.
    super(QueueName.sla, config, 4);
  }

  protected async process(job: TypedJob<'sla'>): Promise<unknown> {
    switch (job.name) {
      case 'sla.due':
        return { steps: await this.sla.advanceDue() };
      case 'sla.sweep':
        return { steps: await this.sla.advanceDue(true), timers: await this.sla.planTimers() };
      case 'sla.retime':
        return { retimed: await this.sla.retimeOpenTickets(), formalAppeals: await this.appeals.retimeOpen() };
      case 'sla.unanswered':
        return { unanswered: await this.verdicts.closeUnanswered() };
    }
  }
}
