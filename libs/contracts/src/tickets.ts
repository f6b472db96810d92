import type {
  BulkOutcome,
  Channel,
  FormalAppealState,
  Language,
  Priority,
  ReplyDeliveryStatus,
  ReplyVisibility,
  ResidentConfirmationState,
  SlaState,
  StoredTicketEventPayload,
  TicketEventType,
  TicketStatus,
} from '@app/domain';

/** The public JSON shape of a ticket (the contract in DESIGN.md). */
export interface TicketView<I = string> {
  id: string;
  reference: string;
  channel: Channel;
  externalId: string | null;
  pageId: string | null;
  districtId: string | null;
  locality: string | null;
  categoryCode: string | null;
  departmentId: string | null;
  assigneeId: string | null;
  priority: Priority;
  status: TicketStatus;
  /** `phone` only when the resident gave one. */
  author: { name: string; externalId: string | null; phone?: string };
  text: string;
  language: Language;
  receivedAt: I;
  createdAt: I;
  updatedAt: I;
  firstResponseAt: I | null;
  /** A public reply failed for good and none was delivered since: the resident has not been answered. */
  undeliveredReply: boolean;
  undeliveredReplyAt: I | null;
  resolvedAt: I | null;
  closedAt: I | null;
  parentTicketId: string | null;
  clusterId: string | null;
  escalationLevel: number;
  sla: {
    policyId: string | null;
    firstResponseDueAt: I | null;
    resolutionDueAt: I | null;
    firstResponseBreachedAt: I | null;
    resolutionBreachedAt: I | null;
    pausedSeconds: number;
    state: SlaState;
  };
  /** Issue 16: whether the resident confirmed the resolution. */
  residentConfirmation: {
    state: ResidentConfirmationState;
    askedAt: I | null;
    answeredAt: I | null;
    /** While `asked`: when silence makes it `unanswered`. */
    dueAt: I | null;
  };
  /** Issue 16: the formal appeal under the APPK and its legal clock; null when the ticket is not one. */
  formalAppeal: FormalAppealView<I> | null;
  version: number;
}

export interface FormalAppealView<I = string> {
  number: string;
  registeredAt: I;
  forwardDueAt: I;
  dueAt: I;
  extendedUntil: I | null;
  extensionReason: string | null;
  state: FormalAppealState;
  warnedAt: I | null;
  overdueAt: I | null;
  escalatedAt: I | null;
  answeredAt: I | null;
  answeredLate: boolean;
}

/** A list item: the ticket, plus the router's suggestion at intake and the first public reply written (not failed). */
export type TicketListView<I = string> = TicketView<I> & { suggestedCategoryCode: string | null; publicReplyAt: I | null };

/**
 * One event of a ticket's timeline (GET /tickets/:id/events), discriminated by `type`: its payload
 * is that type's, as stored (libs/domain ticket-events.ts). Without `T`, the union of every type.
 */
export type TicketEventView<I = string, T extends TicketEventType = TicketEventType> = T extends TicketEventType
  ? {
      id: string;
      ticketId: string;
      type: T;
      actorId: string | null;
      from: TicketStatus | null;
      to: TicketStatus | null;
      payload: StoredTicketEventPayload<T>;
      createdAt: I;
    }
  : never;

/** A public reply or an internal note (GET /tickets/:id/replies). */
export interface ReplyView<I = string> {
  id: string;
  ticketId: string;
  authorId: string | null;
  body: string;
  visibility: ReplyVisibility;
  deliveryStatus: ReplyDeliveryStatus;
  externalId: string | null;
  deliveryAttempts: number;
  deliveryError: string | null;
  deliveredAt: I | null;
  createdAt: I;
}

/** POST /tickets/bulk-triage and /tickets/bulk-reject: each ticket's outcome, in the order sent. */
export interface BulkResultsView {
  results: BulkOutcome[];
}
