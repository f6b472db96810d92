import { formalAppealState } from '@app/domain';
import type { TicketEventRow, TicketReplyRow, TicketRow } from '@app/database';
import type { ReplyView, TicketEventView, TicketListView as TicketListContract, TicketView as TicketContract } from '@app/contracts';

// The shapes are declared in libs/contracts (the console reads them); here they hold Dates.
export type TicketView = TicketContract<Date>;
export type TicketListView = TicketListContract<Date>;

/** The public JSON shape of a ticket (the contract in DESIGN.md). */
export function toTicketView(t: TicketRow): TicketView {
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
    residentConfirmation: {
      state: t.residentConfirmationState,
      askedAt: t.residentConfirmationAskedAt,
      answeredAt: t.residentConfirmationAnsweredAt,
      dueAt: t.residentConfirmationDueAt,
    },
    formalAppeal: t.formalAppealNumber
      ? {
          number: t.formalAppealNumber,
          // Registering sets these with the number (FormalAppealsService.register).
          registeredAt: t.formalAppealRegisteredAt!,
          forwardDueAt: t.formalAppealForwardDueAt!,
          dueAt: t.formalAppealDueAt!,
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

/** A row's payload is its type's (so written); the copy loses that for the compiler, hence the cast. */
export function toEventView(e: TicketEventRow): TicketEventView<Date> {
  return {
    id: e.id,
    ticketId: e.ticketId,
    type: e.type,
    actorId: e.actorId,
    from: e.fromStatus,
    to: e.toStatus,
    payload: e.payload,
    createdAt: e.createdAt,
  } as TicketEventView<Date>;
}

export function toReplyView(r: TicketReplyRow): ReplyView<Date> {
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
