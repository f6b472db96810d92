import { Injectable } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { QueueName } from '@app/queues';
import { NotificationDeliveryService } from '@app/tickets';
import { QueueProcessor, type TypedJob } from '../common/queue-processor.js';

/** Carries in-app notifications to the transports beyond the app (libs/tickets/src/notification-delivery.service.ts). */
@Injectable()
export class NotifyProcessor extends QueueProcessor<'notify'> {
  constructor(
    config: AppConfig,
    private readonly delivery: NotificationDeliveryService,
  ) {
    super(QueueName.notify, config);
  }

  protected async process(job: TypedJob<'notify'>): Promise<unknown> {
    return this.delivery.deliver(job.data.notificationId);
  }
}
