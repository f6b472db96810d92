import { Injectable } from '@nestjs/common';
import { TicketsRepository, UnitOfWork, type CategoryEntity, type NewTicketEvent, type TicketEntity } from '@app/database';
import {
  Clock,
  detectLanguage,
  formatTicketReference,
  scopeFieldsOf,
  type Channel,
  type Priority,
  type TicketCreatedPayload,
  type TicketTriagedPayload,
} from '@app/domain';
import { JobOutbox, LiveEvents, jobIds, outboxJob } from '@app/queues';
import { SlaService } from '@app/sla';

export interface NewTicket {
  channel: Channel;
  externalId?: string | null;
  pageId?: string | null;
  districtId: string | null;
  locality?: string | null;
  author: { name: string; externalId?: string | null; phone?: string | null };
  text: string;
  receivedAt: Date;
  priority?: Priority;
  /** Set by the person entering it, or by the routing rules when they are certain: the ticket starts triaged. */
  category: Pick<CategoryEntity, 'code' | 'departmentId'> | null;
  clusterId?: string | null;
  /** Who created it; null for the intake worker. */
  actorId: string | null;
  /** Recorded on the `ticket.created` event (channel, page, routing...). */
  createdPayload: TicketCreatedPayload;
  /** Recorded on the `ticket.triaged` event when the ticket starts triaged. */
  triagedPayload?: TicketTriagedPayload;
}

/**
 * Creates tickets the same way whoever brings them in (a press secretary on the phone, a webhook,
 * Open311): reference, language, SLA timing, the created/triaged events; and after the commit the
 * SLA timers and, for a ticket that starts in a department, the assignment job.
 */
@Injectable()
export class TicketFactory {
  constructor(
    private readonly tickets: TicketsRepository,
    private readonly sla: SlaService,
    private readonly outbox: JobOutbox,
    private readonly live: LiveEvents,
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  async create(input: NewTicket, now = this.clock.now()): Promise<TicketEntity> {
    const [created] = await this.createMany([input], now);
    return created!;
  }

  /**
   * Many tickets in a few statements (references, one multi-row INSERT, one for the events): the
   * intake worker creates tickets by the hundred, and round trips, not rows, are what cost.
   */
  async createMany(inputs: readonly NewTicket[], now = this.clock.now()): Promise<TicketEntity[]> {
    if (!inputs.length) return [];
    const sequence = await this.tickets.nextReferenceNumbers(inputs.length);
    const rows: Array<Partial<TicketEntity>> = [];
    for (const [i, input] of inputs.entries()) rows.push(await this.row(input, sequence[i]!, now));
    const created = await this.tickets.insertMany(rows);
    const events: NewTicketEvent[] = [];
    for (const [i, t] of created.entries()) {
      const input = inputs[i]!;
      events.push({ ticketId: t.id, type: 'ticket.created', actorId: input.actorId, toStatus: 'new', payload: input.createdPayload });
      if (t.status === 'triaged') {
        events.push({
          ticketId: t.id,
          type: 'ticket.triaged',
          actorId: input.actorId,
          fromStatus: 'new',
          toStatus: 'triaged',
          payload: { categoryCode: t.categoryCode, departmentId: t.departmentId, ...input.triagedPayload },
        });
      }
    }
    await this.tickets.appendEvents(events);
    return created;
  }

  private async row(input: NewTicket, sequence: number, now: Date): Promise<Partial<TicketEntity>> {
    const priority = input.priority ?? 'normal';
    const category = input.category;
    const timing = await this.sla.timing({
      categoryCode: category?.code ?? null,
      priority,
      channel: input.channel,
      receivedAt: input.receivedAt,
      slaPausedSeconds: 0,
    });
    return {
      ...timing,
      reference: formatTicketReference(sequence, now),
      channel: input.channel,
      externalId: input.externalId ?? null,
      pageId: input.pageId ?? null,
      districtId: input.districtId,
      locality: input.locality ?? null,
      categoryCode: category?.code ?? null,
      departmentId: category?.departmentId ?? null,
      priority,
      status: category?.departmentId ? 'triaged' : 'new',
      authorName: input.author.name,
      authorExternalId: input.author.externalId ?? null,
      authorPhone: input.author.phone ?? null,
      text: input.text,
      language: detectLanguage(input.text),
      receivedAt: input.receivedAt,
      clusterId: input.clusterId ?? null,
      createdAt: now,
      updatedAt: now,
    };
  }

  /**
   * In the creating transaction (UnitOfWork.run): the assignment of the tickets that start in a
   * department, staged in the outbox, so a committed ticket always has its assignment job (issue 12).
   * After the commit: the SLA timers (re-planned from PostgreSQL by the sweep if Redis misses them),
   * the staged jobs, the consoles told.
   */
  async followUp(tickets: readonly TicketEntity[]): Promise<void> {
    this.uow.afterCommit(() => this.sla.wakeFor(tickets));
    const triaged = tickets.filter((t) => t.status === 'triaged');
    const ticketIds = triaged.map((t) => t.id);
    await this.outbox.enqueueAfterCommit(
      triaged.length > 1
        ? [outboxJob('assignment', 'assignment.batch', { ticketIds }, jobIds.autoAssignBatch(ticketIds[0]!, ticketIds.length))]
        : triaged.map((t) => assignmentJob(t, 'created')),
    );
    this.uow.afterCommit(() => this.live.publish(tickets.map((t) => ({ kind: 'ticket.created', ticketId: t.id, scopes: [scopeFieldsOf(t)] }))));
  }
}

/** The automatic assignment of a ticket at this version: the same version asks once. */
export function assignmentJob(ticket: Pick<TicketEntity, 'id' | 'version'>, reason: 'triaged' | 'created') {
  return outboxJob('assignment', 'assignment.auto', { ticketId: ticket.id, reason }, jobIds.autoAssign(ticket.id, ticket.version));
}
