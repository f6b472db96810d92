/**
 * The vocabularies the server produces and the console shows: timeline event types, notification
 * kinds and reply delivery states. Declared here (not in the entities) so the console can import
 * them and a label cannot be missing for one of them.
 */
export const TICKET_EVENT_TYPES = [
  'ticket.created',
  'ticket.triaged',
  'ticket.handed_back',
  'ticket.assigned',
  'ticket.status_changed',
  'ticket.replied',
  'ticket.note_added',
  'ticket.merged',
  // The resident edited or removed their comment on the channel.
  'ticket.edited_by_author',
  'ticket.removed_by_author',
  'sla.timed',
  'sla.warning',
  'sla.breached',
  'sla.escalated',
  'reply.delivered',
  'reply.delivery_failed',
  // The channel refused the page's credentials: the reply waits, pending, until they are fixed.
  'reply.held',
  // An admin sent a failed reply back to delivery.
  'reply.retry_requested',
  // Resident verdict (issue 16): the resident was asked whether the resolved ticket is solved, and answered (or not).
  'resident.asked',
  'resident.confirmed',
  'resident.disputed',
  'resident.unanswered',
  // Formal appeal under the APPK (issue 16): registered, extended once, and its own warning/overdue/escalation ladder.
  'appeal.registered',
  'appeal.extended',
  'appeal.answered',
  'appeal.warning',
  'appeal.overdue',
  'appeal.escalated',
] as const;
export type TicketEventType = (typeof TICKET_EVENT_TYPES)[number];

export const NOTIFICATION_KINDS = [
  'ticket.assigned',
  'sla.warning',
  'sla.breached',
  'sla.escalated',
  'channel.reauthorization_required',
  'reply.undelivered',
  // Issue 16: the resident disputed a resolution (the ticket reopened); a formal appeal's legal clock.
  'resident.disputed',
  'appeal.warning',
  'appeal.overdue',
  'appeal.escalated',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** `pending` until the outbound worker delivers a public reply to the channel; internal notes are `not_applicable`. */
export const REPLY_DELIVERY_STATUSES = ['not_applicable', 'pending', 'delivered', 'failed'] as const;
export type ReplyDeliveryStatus = (typeof REPLY_DELIVERY_STATUSES)[number];
