import nodemailer, { type Transporter } from 'nodemailer';
import type { NotificationEntity, TicketEntity, UserEntity } from '@app/database';
import type { NotificationTransport } from '@app/tickets';

const SUBJECT: Record<NotificationEntity['kind'], string> = {
  'ticket.assigned': 'Сізге өтініш тағайындалды / Вам назначено обращение',
  'sla.warning': 'Жауап беру мерзімі жақындап қалды / Срок ответа скоро истекает',
  'sla.breached': 'Мерзім өтіп кетті / Срок нарушен',
  'sla.escalated': 'Облыс әкімі аппаратына жіберілді / Передано в аппарат акима области',
  'channel.reauthorization_required': 'Парақшаны қайта қосу қажет / Страницу нужно переподключить',
  'reply.undelivered': 'Жауап жеткізілмеді / Ответ не доставлен',
  'resident.disputed': 'Тұрғын мәселе шешілмеді деп жауап берді / Житель ответил, что проблема не решена',
  'appeal.warning': 'Ресми өтінішке жауап беру мерзімі жақындап қалды / Срок ответа на официальное обращение скоро истекает',
  'appeal.overdue': 'Ресми өтінішке жауап беру мерзімі өтіп кетті / Срок ответа на официальное обращение нарушен',
  'appeal.escalated': 'Мерзімі өткен ресми өтініш облыс әкімі аппаратына жіберілді / Просроченное обращение передано в аппарат акима области',
};

/** Kazakh and Russian, as every message from an akimat is. */
function renderNotification(n: NotificationEntity, ticket: TicketEntity): { subject: string; text: string } {
  return {
    subject: `${SUBJECT[n.kind]} — ${ticket.reference}`,
    text: [
      `${ticket.reference}`,
      '',
      ticket.text,
      '',
      `SLA: ${ticket.slaState}`,
      `Жауап мерзімі / Срок ответа: ${ticket.firstResponseDueAt?.toISOString() ?? '—'}`,
      `Шешу мерзімі / Срок решения: ${ticket.resolutionDueAt?.toISOString() ?? '—'}`,
    ].join('\n'),
  };
}

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
