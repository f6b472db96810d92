import type { FREE_TEXT_REASON_EVENTS, PERSONAL_EVENT_KEYS } from './retention.js';
import type { Channel, Language, Priority, ReplyVisibility } from './ticket-enums.js';

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

/** The SLA engine's steps (libs/database `SlaRepository` takes them), as their events and notifications name them. */
export type SlaStep = 'first_response.warning' | 'first_response.breach' | 'resolution.warning' | 'resolution.breach' | 'level_two';
/** A formal appeal's legal clock (issue 16): the same ladder, on columns of its own. */
export type FormalAppealStep = 'formal_appeal.warning' | 'formal_appeal.overdue' | 'formal_appeal.level_two';
/** Every step the engine takes from timers and the sweep. */
export type EngineStep = SlaStep | FormalAppealStep;

/** The ticket's bringing in: its channel, and what the intake worker or Open311 knew of it. */
export interface TicketCreatedPayload {
  channel: Channel;
  pageExternalId?: string | null;
  /** The channel's page is not connected: the ticket waits in triage with no district. */
  unknownPage?: true;
  /** A comment under a comment that is a ticket already. */
  inReplyToTicketId?: string;
  /** The router's guess when it was not sure enough to route by itself. */
  suggestedCategoryCode?: string;
  suggestionConfidence?: number;
  /** Open311: where the resident stood, how to write back, the photo. */
  lat?: number;
  long?: number;
  addressId?: string;
  email?: string;
  mediaUrl?: string;
}

/** By a press secretary (what they set), or by the router when a ticket starts triaged (`automatic`). */
export interface TicketTriagedPayload {
  categoryCode?: string | null;
  departmentId?: string | null;
  priority?: Priority;
  districtId?: string;
  locality?: string;
  automatic?: true;
  /** The router's evidence: the keywords it matched and its calibrated confidence. */
  matched?: string[];
  confidence?: number;
}

export interface TicketAssignedPayload {
  assigneeId: string;
  previousAssigneeId?: string | null;
  departmentId?: string;
  /** The assignment worker chose the least-loaded member (`openTickets` they held then). */
  automatic: boolean;
  openTickets?: number;
}

/** What a resident's verdict on a resolution is when the ticket was still `resolved`. */
export type AutomaticStatusReason = 'resident_disputed' | 'resident_confirmed' | 'resident_unanswered';

export interface TicketStatusChangedPayload {
  /** Staff's words (a rejection always has them). */
  note?: string;
  /** Resolved although nobody answered the resident publicly, confirmed by the caller. */
  withoutPublicAnswer?: true;
  /** Moved by a resident's verdict, not by staff. */
  automatic?: true;
  reason?: AutomaticStatusReason;
}

/** A reply or an internal note written in Tynda, or a page's reply made natively on the channel (`native`). */
export interface TicketRepliedPayload {
  replyId: string;
  visibility: ReplyVisibility;
  /** This reply is the ticket's first response (its SLA clock stopped). */
  firstResponse?: true;
  native?: true;
  channel?: Channel;
}

/** On the merged ticket (`into…`), and on its parent (`merged…`). */
export type TicketMergedPayload = { intoTicketId: string; intoReference: string } | { mergedTicketId: string; mergedReference: string };

/** The SLA due instants before and after a re-timing (a policy or calendar changed), or a formal appeal's. */
export type SlaTimedPayload =
  | { before: SlaTiming; after: SlaTiming }
  | { clock: 'formal_appeal'; before: { forwardDueAt: Date | null; dueAt: Date | null }; after: { forwardDueAt: Date; dueAt: Date } };
export interface SlaTiming {
  policyId: string | null;
  firstResponseDueAt: Date | null;
  resolutionDueAt: Date | null;
}

/** A step of a clock's ladder, written by SQL (`SlaRepository.takeDueSteps`) with every key, nulls included. */
export interface SlaStepPayload {
  step: EngineStep;
  /** Null for level two, which follows a breach of either clock. */
  clock: 'first_response' | 'resolution' | 'formal_appeal' | null;
  /** When the step was due. */
  dueAt: string;
  /** Who held the ticket when the step was taken. */
  assigneeId: string | null;
  escalationLevel: number;
}

/** How a resident's verdict came: their answer in the thread, a phone call recorded by staff, or the answer window closing. */
export type ResidentVerdictPayload = { via: 'thread'; externalId: string; text: string } | { via: 'call'; note?: string } | { via: 'window' };

/**
 * Each event type's payload as the code writes it (instants as a `Date` or an ISO string; a `Date`
 * is stored as its ISO string). Readers get `StoredTicketEventPayload`. Indexing this by every
 * TicketEventType (below) makes a type without a payload here a compile error.
 */
export interface TicketEventPayloads {
  'ticket.created': TicketCreatedPayload;
  'ticket.triaged': TicketTriagedPayload;
  'ticket.handed_back': { reason: string; departmentId: string | null; categoryCode: string | null };
  'ticket.assigned': TicketAssignedPayload;
  'ticket.status_changed': TicketStatusChangedPayload;
  'ticket.replied': TicketRepliedPayload;
  'ticket.note_added': TicketRepliedPayload;
  'ticket.merged': TicketMergedPayload;
  'ticket.edited_by_author': { previousText: string; editedAt: string };
  'ticket.removed_by_author': { removedAt: string };
  'sla.timed': SlaTimedPayload;
  'sla.warning': SlaStepPayload;
  'sla.breached': SlaStepPayload;
  'sla.escalated': SlaStepPayload;
  'reply.delivered': { replyId: string; externalId: string; attempts: number; firstResponse?: true };
  'reply.delivery_failed': { replyId: string; error: string; attempts: number };
  'reply.held': { replyId: string; pageId: string | null; error: string };
  'reply.retry_requested': { replyId: string; previousError: string | null; attempts: number };
  'resident.asked': { replyId: string; language: Language; dueAt: string };
  'resident.confirmed': ResidentVerdictPayload;
  'resident.disputed': ResidentVerdictPayload;
  'resident.unanswered': ResidentVerdictPayload;
  'appeal.registered': { number: string; registeredAt: string; forwardDueAt: string; dueAt: string; latestDueAt: string };
  'appeal.extended': { previousDueAt: string; until: string; reason: string; noticeReplyId: string };
  'appeal.answered': { dueAt: string; late: boolean };
  'appeal.warning': SlaStepPayload;
  'appeal.overdue': SlaStepPayload;
  'appeal.escalated': SlaStepPayload;
}

/** One event as written: its type with that type's payload. Without `T`, the union of every type. */
export type TicketEventOf<T extends TicketEventType = TicketEventType> = T extends TicketEventType ? { type: T; payload: TicketEventPayloads[T] } : never;

/** A key of some shape of a payload (a union's keys, not only the common ones). */
export type TicketEventPayloadKey<T extends TicketEventType> = TicketEventPayloads[T] extends infer P ? (P extends unknown ? keyof P & string : never) : never;

type Stored<V> = V extends Date ? string : V extends ReadonlyArray<infer I> ? Array<Stored<I>> : V extends object ? { [K in keyof V]: Stored<V[K]> } : V;
type WithOptional<P, K extends PropertyKey> = P extends unknown
  ? Omit<P, K> & Partial<Pick<P, Extract<keyof P, K>>> extends infer R
    ? { [X in keyof R]: R[X] }
    : never
  : never;
type PurgedKeys<T extends TicketEventType> = (typeof PERSONAL_EVENT_KEYS)[number] | (T extends (typeof FREE_TEXT_REASON_EVENTS)[number] ? 'reason' : never);

/**
 * A payload as read back: JSON (instants are ISO strings), and the keys the retention purge takes
 * out of a finished ticket's events (`PERSONAL_EVENT_KEYS`, staff's free-text `reason`) may be gone.
 */
export type StoredTicketEventPayload<T extends TicketEventType = TicketEventType> = T extends TicketEventType
  ? WithOptional<Stored<TicketEventPayloads[T]>, PurgedKeys<T>>
  : never;

/** One event as read back: its type with that type's stored payload. Without `T`, the union of every type. */
export type StoredTicketEventOf<T extends TicketEventType = TicketEventType> = T extends TicketEventType
  ? { type: T; payload: StoredTicketEventPayload<T> }
  : never;

/** Narrows an event whose type and payload are typed apart (an entity, a row) to one type, its payload with it. */
export function isTicketEvent<E extends { type: TicketEventType }, T extends TicketEventType>(e: E, type: T): e is E & StoredTicketEventOf<T> {
  return e.type === type;
}
