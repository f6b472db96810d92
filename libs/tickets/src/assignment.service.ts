import { Injectable, Logger } from '@nestjs/common';
import { NotificationsRepository, TicketsRepository } from '@app/database';
import { QueueProducer } from '@app/queues';
import { assignmentChange, notifyAssignees } from './assignment-change.js';

export type AutoAssignResult = { assigned: true; assigneeId: string; openTickets: number } | { assigned: false; reason: string };

/** Automatic assignment: category -> department -> its least-loaded active member. */
@Injectable()
export class AssignmentService {
  private readonly logger = new Logger(AssignmentService.name);

  constructor(
    private readonly tickets: TicketsRepository,
    private readonly notifications: NotificationsRepository,
    private readonly queues: QueueProducer,
  ) {}

  /**
   * Idempotent: it re-reads the ticket under a row lock and acts only on a triaged ticket that
   * nobody holds, so a duplicate job, or one that arrives after a manual assignment, does nothing.
   */
  async autoAssign(ticketId: string): Promise<AutoAssignResult> {
    let notified: string[] = [];
    const result = await this.tickets.transaction(async (m): Promise<AutoAssignResult> => {
      const ticket = await this.tickets.lockInScope(m, { kind: 'all' }, ticketId);
      if (!ticket) return { assigned: false, reason: 'ticket not found' };
      if (ticket.assigneeId) return { assigned: false, reason: 'already assigned' };
      if (ticket.status !== 'triaged') return { assigned: false, reason: `status is ${ticket.status}` };
      if (!ticket.departmentId) return { assigned: false, reason: 'no department' };
      await this.tickets.lockDepartmentForAssignment(m, ticket.departmentId);
      const [candidate] = await this.tickets.assignmentCandidates(m, ticket.departmentId);
      if (!candidate) return { assigned: false, reason: 'the department has no active member' };
      const change = assignmentChange(ticket, candidate.userId, ticket.departmentId, { automatic: true, openTickets: candidate.openTickets });
      await this.tickets.update(m, ticket, change.changes);
      const events = await this.tickets.appendEvents(m, change.events.map((e) => ({ ...e, ticketId, actorId: null })));
      notified = await notifyAssignees(this.notifications, m, events);
      return { assigned: true, assigneeId: candidate.userId, openTickets: candidate.openTickets };
    });
    await this.queues.deliverNotifications(notified);
    if (!result.assigned) this.logger.log(`ticket ${ticketId} not auto-assigned: ${result.reason}`);
    return result;
  }
}
