import { Injectable, Logger } from '@nestjs/common';
import { NotificationsRepository, TicketsRepository, UnitOfWork, type AssignableTicket, type NewTicketEvent, type TicketEntity } from '@app/database';
import { scopeFieldsOf, type LiveEvent } from '@app/domain';
import { JobOutbox, LiveEvents, QueueName, QueueProducer, jobIds } from '@app/queues';
import { assignmentChange, notifyAssignees } from './assignment-change.js';

export type AutoAssignResult = { assigned: true; assigneeId: string; openTickets: number } | { assigned: false; reason: string };

/** A triaged ticket left unassigned this long is re-enqueued by the sweep (Redis was down, a job was lost). */
const SWEEP_GRACE_MS = 30_000;
const SWEEP_BATCH = 500;

/** Automatic assignment: category -> department -> its least-loaded active member. */
@Injectable()
export class AssignmentService {
  private readonly logger = new Logger(AssignmentService.name);

  constructor(
    private readonly tickets: TicketsRepository,
    private readonly notifications: NotificationsRepository,
    private readonly outbox: JobOutbox,
    private readonly live: LiveEvents,
    private readonly uow: UnitOfWork,
    private readonly queues: QueueProducer,
  ) {}

  /**
   * Idempotent: it re-reads the ticket under a row lock and acts only on a triaged ticket that
   * nobody holds, so a duplicate job, or one that arrives after a manual assignment, does nothing.
   */
  async autoAssign(ticketId: string): Promise<AutoAssignResult> {
    const [result] = await this.autoAssignMany([ticketId]);
    return result!;
  }

  /**
   * Many tickets in one transaction: each department is locked once and its members' loads read
   * once, then counted up in memory as its tickets are handed out — the same choice, one by one,
   * as separate jobs would make, without a transaction per ticket.
   */
  async autoAssignMany(ticketIds: string[]): Promise<AutoAssignResult[]> {
    const live: LiveEvent[] = [];
    const results = await this.uow.run(async () => {
      const locked = new Map((await this.tickets.lockForAssignment(ticketIds)).map((t) => [t.id, t]));
      const results = new Map<string, AutoAssignResult>();
      const todo: AssignableTicket[] = [];
      for (const id of ticketIds) {
        const t = locked.get(id);
        const reason = !t
          ? 'ticket not found'
          : t.assigneeId
            ? 'already assigned'
            : t.status !== 'triaged'
              ? `status is ${t.status}`
              : !t.departmentId
                ? 'no department'
                : null;
        if (reason) results.set(id, { assigned: false, reason });
        else todo.push(t!);
      }
      const changes: Array<{ ticket: AssignableTicket; changes: Pick<TicketEntity, 'assigneeId' | 'departmentId' | 'status'> }> = [];
      const events: NewTicketEvent[] = [];
      // Departments in a fixed order: two batches never wait on each other's locks in a cycle.
      for (const departmentId of [...new Set(todo.map((t) => t.departmentId!))].sort()) {
        await this.tickets.lockDepartmentForAssignment(departmentId);
        const candidates = await this.tickets.assignmentCandidates(departmentId);
        for (const ticket of todo.filter((t) => t.departmentId === departmentId)) {
          const candidate = candidates[0];
          if (!candidate) {
            results.set(ticket.id, { assigned: false, reason: 'the department has no active member' });
            continue;
          }
          const change = assignmentChange(ticket, candidate.userId, departmentId, { automatic: true, openTickets: candidate.openTickets });
          changes.push({ ticket, changes: { assigneeId: candidate.userId, departmentId, status: change.changes.status! } });
          events.push(...change.events.map((e) => ({ ...e, ticketId: ticket.id, actorId: null })));
          results.set(ticket.id, { assigned: true, assigneeId: candidate.userId, openTickets: candidate.openTickets });
          live.push(
            {
              kind: 'ticket.assigned',
              ticketId: ticket.id,
              scopes: [scopeFieldsOf(ticket), { ...scopeFieldsOf(ticket), assigneeId: candidate.userId, departmentId }],
            },
            { kind: 'notification.created', ticketId: ticket.id, userId: candidate.userId },
          );
          candidate.openTickets++;
          // Stable: at equal load the members keep the order the query gave (staff first, then seniority).
          candidates.sort((a, b) => a.openTickets - b.openTickets);
        }
      }
      await this.tickets.assignMany(changes);
      const notified = await notifyAssignees(this.notifications, await this.tickets.appendEvents(events));
      await this.outbox.enqueueAfterCommit(this.outbox.notifications(notified));
      this.uow.afterCommit(() => this.live.publish(live));
      return ticketIds.map((id) => results.get(id)!);
    });
    results.forEach((r, i) => {
      if (!r.assigned) this.logger.log(`ticket ${ticketIds[i]} not auto-assigned: ${r.reason}`);
    });
    return results;
  }

  /** Safety net: triaged tickets still unassigned after the grace get their job again (the same id per ticket version). */
  async sweep(): Promise<{ enqueued: number }> {
    const stale = await this.tickets.awaitingAssignment(new Date(Date.now() - SWEEP_GRACE_MS), SWEEP_BATCH);
    for (const t of stale) {
      await this.queues.enqueue(QueueName.assignment, 'assignment.auto', { ticketId: t.id, reason: 'sweep' }, { jobId: jobIds.autoAssign(t.id, t.version) });
    }
    return { enqueued: stale.length };
  }
}
