import { Injectable } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { IntakeService } from '@app/intake';
import { QueueName } from '@app/queues';
import { QueueProcessor, type TypedJob } from '../common/queue-processor.js';

/** Drains the inbox: every stored delivery becomes tickets, edits, removals or page replies. */
@Injectable()
export class IntakeProcessor extends QueueProcessor<'intake'> {
  constructor(
    config: AppConfig,
    private readonly intake: IntakeService,
  ) {
    // Two drains at once share the inbox through SKIP LOCKED; more only wait on the same rows.
    super(QueueName.intake, config, 2);
  }

  protected async process(job: TypedJob<'intake'>): Promise<unknown> {
    switch (job.name) {
      case 'intake.drain':
        return { deliveries: await this.intake.drain() };
    }
  }
}
