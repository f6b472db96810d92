import type { TicketEntity, TicketEventEntity, TicketReplyEntity } from '@app/database';

/** The public JSON shape of a ticket (the contract in DESIGN.md). */
export function toTicketView(t: TicketEntity) {
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
    version: t.version,
  };
}
export type TicketView = ReturnType<typeof toTicketView>;

export function toEventView(e: TicketEventEntity) {
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

export function toReplyView(r: TicketReplyEntity) {
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
