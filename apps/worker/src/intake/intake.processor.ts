import { Injectable } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { IntakeService, RouterService } from '@app/intake';
import { QueueName } from '@app/queues';
import { QueueProcessor, type TypedJob } from '../common/queue-processor.js';
import { ChannelReconciler } from './channel-reconciler.js';

/** Drains the inbox: every stored delivery becomes tickets, edits, removals or page replies. */
@Injectable()
export class IntakeProcessor extends QueueProcessor<'intake'> {
  constructor(
    config: AppConfig,
    private readonly intake: IntakeService,
    private readonly reconciler: ChannelReconciler,
    private readonly router: RouterService,
  ) {
    // Two drains at once share the inbox through SKIP LOCKED; more only wait on the same rows.
    super(QueueName.intake, config, 2);
  }

  protected async process(job: TypedJob<'intake'>): Promise<unknown> {
    switch (job.name) {
      case 'intake.drain':
        return { deliveries: await this.intake.drain() };
      case 'intake.reconcile':
        return this.reconciler.run();
      case 'intake.routing-train':
        return this.router.train();
    }
  }
}
