import { inScope, type ScopedTicketFields, type TicketScope } from './roles.js';

/**
 * What the console hears live (server-sent events): that a ticket appeared or changed, an SLA step
 * was taken, or a notification arrived. Only kinds and ids travel: the console re-reads what it
 * shows through the scoped API, so an event can never carry more than its reader may see.
 */
export const LIVE_EVENT_KINDS = [
  'ticket.created',
  'ticket.assigned',
  'ticket.changed',
  'sla.warning',
  'sla.breached',
  'sla.escalated',
  'notification.created',
] as const;
export type LiveEventKind = (typeof LIVE_EVENT_KINDS)[number];

/**
 * As published between processes. A ticket event names the ticket's scope fields before and after
 * the change (a ticket handed to another department leaves one inbox and enters another); a
 * notification names its one reader.
 */
export type LiveEvent =
  | { kind: Exclude<LiveEventKind, 'notification.created'>; ticketId: string; scopes: ScopedTicketFields[] }
  | { kind: 'notification.created'; ticketId: string; userId: string };

/** As sent to a browser. */
export interface LiveEventView {
  kind: LiveEventKind;
  ticketId: string;
}

/** The shape of a live event as read back from Redis (anything else is ignored, not trusted). */
export function isLiveEvent(value: unknown): value is LiveEvent {
  const e = value as Partial<Record<'kind' | 'ticketId' | 'userId' | 'scopes', unknown>> | null;
  if (typeof e !== 'object' || e === null || typeof e.ticketId !== 'string' || !(LIVE_EVENT_KINDS as readonly unknown[]).includes(e.kind)) return false;
  return e.kind === 'notification.created'
    ? typeof e.userId === 'string'
    : Array.isArray(e.scopes) && e.scopes.every((s) => typeof s === 'object' && s !== null);
}

/** Whether a signed-in user hears of an event: the ticket list's own scope rule, or the notification's addressee. */
export function reaches(event: LiveEvent, reader: { userId: string; scope: TicketScope }): boolean {
  if (event.kind === 'notification.created') return event.userId === reader.userId;
  return event.scopes.some((s) => inScope(reader.scope, s));
}

export const scopeFieldsOf = (t: ScopedTicketFields): ScopedTicketFields => ({
  districtId: t.districtId,
  departmentId: t.departmentId,
  assigneeId: t.assigneeId,
});
