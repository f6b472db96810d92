import nodemailer, { type Transporter } from 'nodemailer';
import type { NotificationEntity, TicketEntity, UserEntity } from '@app/database';
import { renderNotification, type NotificationTransport } from './notification-transport.js';

export class EmailTransport implements NotificationTransport {
  readonly name = 'email';
  private readonly transporter: Transporter;

  constructor(
    smtpUrl: string,
    private readonly from: string,
  ) {
    this.transporter = nodemailer.createTransport(smtpUrl);
  }

  async send(n: NotificationEntity, to: UserEntity, ticket: TicketEntity): Promise<void> {
    const { subject, text } = renderNotification(n, ticket);
    await this.transporter.sendMail({ from: this.from, to: to.email, subject, text, headers: { 'X-Tynda-Notification': n.id } });
  }
}
