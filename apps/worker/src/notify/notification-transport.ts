import type { NotificationEntity, TicketEntity, UserEntity } from '@app/database';

/** A way to reach a person outside the app (e-mail, later Telegram); in-app rows need none. */
export interface NotificationTransport {
  readonly name: string;
  send(n: NotificationEntity, to: UserEntity, ticket: TicketEntity): Promise<void>;
}

export const NOTIFICATION_TRANSPORTS = Symbol('NOTIFICATION_TRANSPORTS');

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
export function renderNotification(n: NotificationEntity, ticket: TicketEntity): { subject: string; text: string } {
  return {
    subject: `${SUBJECT[n.kind]} — ${ticket.reference}`,
    text: [`${ticket.reference}`, '', ticket.text, '', `SLA: ${ticket.slaState}`, `Жауап мерзімі / Срок ответа: ${ticket.firstResponseDueAt?.toISOString() ?? '—'}`, `Шешу мерзімі / Срок решения: ${ticket.resolutionDueAt?.toISOString() ?? '—'}`].join('\n'),
  };
}
