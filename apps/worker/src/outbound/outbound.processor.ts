import { Injectable } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import { AppConfig } from '@app/config';
import { QueueName } from '@app/queues';
import { ReplyDeliveryService } from '@app/tickets';
import { QueueProcessor, type TypedJob } from '../common/queue-processor.js';

/** Posts public replies back to the residents' channels (libs/tickets/src/reply-delivery.service.ts). */
@Injectable()
export class OutboundProcessor extends QueueProcessor<'outbound'> {
  constructor(
    config: AppConfig,
    private readonly delivery: ReplyDeliveryService,
  ) {
    // Each delivery holds a database connection for its HTTP call (the row lock): keep a few at once.
    super(QueueName.outbound, config, 5);
  }

  protected async process(job: TypedJob<'outbound'>): Promise<unknown> {
    switch (job.name) {
      case 'outbound.deliver': {
        const outcome = await this.delivery.deliver(job.data.replyId, job.attemptsMade + 1 >= (job.opts.attempts ?? 1));
        // Thrown after commit, so the attempt and its reason are stored whatever BullMQ does next.
        if ('error' in outcome) throw outcome.error.permanent ? new UnrecoverableError(outcome.error.message) : outcome.error;
        return outcome;
      }
      case 'outbound.sweep':
        return this.delivery.sweep();
    }
  }
}
