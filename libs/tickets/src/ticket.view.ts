import { formalAppealState } from '@app/domain';
import type { TicketEventRow, TicketReplyRow, TicketRow } from '@app/database';

/** The public JSON shape of a ticket (the contract in DESIGN.md). */
export function toTicketView(t: TicketRow) {
  return {
    id: t.id,
    reference: t.reference,
    channel: t.channel,
    externalId: t.externalId,
    pageId: t.pageId,
    districtId: t.districtId,
    locality: t.locality,
    categoryCode: t.categoryCode,
    departmentId: t.departmentId,
    assigneeId: t.assigneeId,
    priority: t.priority,
    status: t.status,
    author: { name: t.authorName, externalId: t.authorExternalId, ...(t.authorPhone ? { phone: t.authorPhone } : {}) },
    text: t.text,
    language: t.language,
    receivedAt: t.receivedAt,
    createdAt: t.createdAt,
    updatedAt: t.updatedAt,
    firstResponseAt: t.firstResponseAt,
    /** A public reply failed for good and none was delivered since: the resident has not been answered. */
    undeliveredReply: t.undeliveredReplyAt !== null,
    undeliveredReplyAt: t.undeliveredReplyAt,
    resolvedAt: t.resolvedAt,
    closedAt: t.closedAt,
    parentTicketId: t.parentTicketId,
    clusterId: t.clusterId,
    escalationLevel: t.escalationLevel,
    sla: {
      policyId: t.slaPolicyId,
      firstResponseDueAt: t.firstResponseDueAt,
      resolutionDueAt: t.resolutionDueAt,
      firstResponseBreachedAt: t.firstResponseBreachedAt,
      resolutionBreachedAt: t.resolutionBreachedAt,
      pausedSeconds: t.slaPausedSeconds,
      state: t.slaState,
    },
    /** Issue 16: whether the resident confirmed the resolution. */
    residentConfirmation: {
      state: t.residentConfirmationState,
      askedAt: t.residentConfirmationAskedAt,
      answeredAt: t.residentConfirmationAnsweredAt,
      /** While `asked`: when silence makes it `unanswered`. */
      dueAt: t.residentConfirmationDueAt,
    },
    /** Issue 16: the formal appeal under the APPK and its legal clock; null when the ticket is not one. */
    formalAppeal: t.formalAppealNumber
      ? {
          number: t.formalAppealNumber,
          registeredAt: t.formalAppealRegisteredAt,
          forwardDueAt: t.formalAppealForwardDueAt,
          dueAt: t.formalAppealDueAt,
          extendedUntil: t.formalAppealExtendedUntil,
          extensionReason: t.formalAppealExtensionReason,
          state: formalAppealState({ answeredAt: t.formalAppealAnsweredAt, breachedAt: t.formalAppealBreachedAt, warnedAt: t.formalAppealWarnedAt }),
          warnedAt: t.formalAppealWarnedAt,
          overdueAt: t.formalAppealBreachedAt,
          escalatedAt: t.formalAppealEscalatedAt,
          answeredAt: t.formalAppealAnsweredAt,
          answeredLate: t.formalAppealAnsweredAt !== null && t.formalAppealDueAt !== null && t.formalAppealAnsweredAt.getTime() > t.formalAppealDueAt.getTime(),
        }
      : null,
    version: t.version,
  };
}
export type TicketView = ReturnType<typeof toTicketView>;

/** A list item: the ticket, plus the router's suggestion at intake and the first public reply written (not failed). */
export type TicketListView = TicketView & { suggestedCategoryCode: string | null; publicReplyAt: Date | null };

export function toEventView(e: TicketEventRow) {
  return {
    id: e.id,
    ticketId: e.ticketId,
    type: e.type,
    actorId: e.actorId,
    from: e.fromStatus,
    to: e.toStatus,
    payload: e.payload,
    createdAt: e.createdAt,
  };
}

export function toReplyView(r: TicketReplyRow) {
  return {
    id: r.id,
    ticketId: r.ticketId,
    authorId: r.authorId,
    body: r.body,
    visibility: r.visibility,
    deliveryStatus: r.deliveryStatus,
    externalId: r.externalId,
    deliveryAttempts: r.deliveryAttempts,
    deliveryError: r.deliveryError,
    deliveredAt: r.deliveredAt,
    createdAt: r.createdAt,
  };
}
