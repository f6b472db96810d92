import { Inject, Injectable } from '@nestjs/common';
import { NotificationsRepository, TicketsRepository, UsersRepository, type NotificationEntity, type TicketEntity, type UserEntity } from '@app/database';

/** A way to reach a person outside the app (e-mail, later Telegram); in-app rows need none. */
export interface NotificationTransport {
  readonly name: string;
  send(n: NotificationEntity, to: UserEntity, ticket: TicketEntity): Promise<void>;
}

/** The transports of `notificationTransports` (libs/domain), built and provided by the worker, the only app that sends. */
export const NOTIFICATION_TRANSPORTS = Symbol('NOTIFICATION_TRANSPORTS');

/**
 * In-app notifications are written with the step that caused them (same transaction, so exactly
 * once); this carries one to the external transports. A failed send throws, so the job is retried
 * with backoff and kept if it keeps failing.
 */
@Injectable()
export class NotificationDeliveryService {
  constructor(
    private readonly notifications: NotificationsRepository,
    private readonly users: UsersRepository,
    private readonly tickets: TicketsRepository,
    @Inject(NOTIFICATION_TRANSPORTS) private readonly transports: NotificationTransport[],
  ) {}

  /** Nothing to send when there is no transport, the notification is gone, or its user or ticket is (an inactive user gets nothing). */
  async deliver(notificationId: string): Promise<{ sent: string[] }> {
    if (!this.transports.length) return { sent: [] };
    const n = await this.notifications.findById(notificationId);
    if (!n) return { sent: [] };
    const [user, ticket] = await Promise.all([this.users.findActiveById(n.userId), this.tickets.findInScope({ kind: 'all' }, n.ticketId)]);
    if (!user || !ticket) return { sent: [] };
    for (const t of this.transports) await t.send(n, user, ticket);
    return { sent: this.transports.map((t) => t.name) };
  }
}
