import { DomainError, OPEN_ASSIGNED_STATUSES, assertTransition, isTicketEvent, type TicketAssignedPayload, type TicketStatus } from '@app/domain';
import type { NotificationsRepository, TicketEntity, TicketEventDraft, TicketEventEntity } from '@app/database';

export interface TicketChange {
  changes: Partial<TicketEntity>;
  events: TicketEventDraft[];
}

/**
 * The one rule for giving a ticket to somebody, used by manual assignment in the API and by the
 * assignment worker: a new or triaged ticket becomes `assigned`; a ticket already being worked on
 * keeps its status and only changes hands.
 */
export function assignmentChange(
  ticket: Pick<TicketEntity, 'status' | 'assigneeId' | 'reference'>,
  assigneeId: string,
  departmentId: string,
  payload: Pick<TicketAssignedPayload, 'automatic' | 'openTickets'>,
): TicketChange {
  const keepsStatus = OPEN_ASSIGNED_STATUSES.includes(ticket.status);
  const to: TicketStatus = keepsStatus ? ticket.status : 'assigned';
  if (!keepsStatus) assertTransition(ticket.status, 'assigned');
  if (ticket.assigneeId === assigneeId) {
    throw new DomainError('conflict', `ticket ${ticket.reference} is already assigned to this user`, undefined, 'ticket.already_assigned');
  }
  return {
    changes: { assigneeId, departmentId, status: to },
    events: [
      {
        type: 'ticket.assigned',
        fromStatus: ticket.status,
        toStatus: to,
        payload: { assigneeId, previousAssigneeId: ticket.assigneeId, departmentId, ...payload },
      },
    ],
  };
}

/** Tells each new assignee, once per assignment event, that a ticket is now theirs; returns the notification ids. */
export async function notifyAssignees(notifications: NotificationsRepository, events: TicketEventEntity[]): Promise<string[]> {
  const rows = events.flatMap((e) => {
    const assigneeId = isTicketEvent(e, 'ticket.assigned') ? e.payload.assigneeId : undefined;
    return assigneeId ? [{ userId: assigneeId, ticketId: e.ticketId, kind: 'ticket.assigned' as const, step: `assigned:${e.id}` }] : [];
  });
  return notifications.notifyEach(rows);
}
