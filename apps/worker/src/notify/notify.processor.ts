import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { NotificationsRepository, TicketsRepository, UsersRepository } from '@app/database';
import { QueueName } from '@app/queues';
import { QueueProcessor, type TypedJob } from '../common/queue-processor.js';
import { NOTIFICATION_TRANSPORTS, type NotificationTransport } from './notification-transport.js';

/**
 * In-app notifications are written with the step that caused them (same transaction, so exactly
 * once); this worker carries each one to the external transports. A failed send throws, and BullMQ
 * retries it with backoff and keeps it if it keeps failing.
 */
@Injectable()
export class NotifyProcessor extends QueueProcessor<'notify'> {
  constructor(
    config: AppConfig,
    private readonly notifications: NotificationsRepository,
    private readonly users: UsersRepository,
    private readonly tickets: TicketsRepository,
    @Inject(NOTIFICATION_TRANSPORTS) private readonly transports: NotificationTransport[],
  ) {
    super(QueueName.notify, config);
  }

  protected async process(job: TypedJob<'notify'>): Promise<unknown> {
    if (!this.transports.length) return { sent: [] };
    const n = await this.notifications.findById(job.data.notificationId);
    if (!n) return { sent: [] };
    const [user, ticket] = await Promise.all([this.users.findActiveById(n.userId), this.tickets.findInScope({ kind: 'all' }, n.ticketId)]);
    if (!user || !ticket) return { sent: [] };
    for (const t of this.transports) await t.send(n, user, ticket);
    return { sent: this.transports.map((t) => t.name) };
  }
}
