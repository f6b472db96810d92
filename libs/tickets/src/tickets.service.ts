import { Injectable } from '@nestjs/common';
import type { EntityManager, EntityTarget } from 'typeorm';
import {
  CategoryEntity,
  DepartmentEntity,
  DistrictEntity,
  NotificationsRepository,
  TicketsRepository,
  UserEntity,
  type OutboxRow,
  type Page,
  type TicketEntity,
  type TicketFilters,
} from '@app/database';
import {
  DomainError,
  HAND_BACK_FROM,
  assertCan,
  assertTransition,
  notFound,
  scopeOf,
  type Actor,
  type Priority,
  type ReplyVisibility,
  type TicketAction,
  type TicketStatus,
} from '@app/domain';
import { JobOutbox, jobIds, outboxJob, type StagedJobs } from '@app/queues';
import { SlaService } from '@app/sla';
import { assignmentChange, notifyAssignees, type TicketChange } from './assignment-change.js';
import { TicketFactory, assignmentJob } from './ticket-factory.js';
import { toEventView, toReplyView, toTicketView, type TicketView } from './ticket.view.js';

export interface ManualTicketInput {
  text: string;
  districtId?: string;
  locality?: string;
  author: { name: string; phone?: string };
  receivedAt?: Date;
  categoryCode?: string;
  priority?: Priority;
}

export interface TriageInput {
  categoryCode?: string;
  departmentId?: string;
  priority?: Priority;
  districtId?: string;
  locality?: string;
}

export interface ReplyInput {
  body: string;
  visibility: ReplyVisibility;
}

/** Statuses whose move needs more than a target: they have endpoints of their own. */
const OWN_ENDPOINT: Partial<Record<TicketStatus, string>> = {
  assigned: 'POST /tickets/:id/assign',
  merged: 'POST /tickets/:id/merge',
};

/** Channels Tynda answers on by itself (the outbound worker); others are answered by phone or in the app. */
const DELIVERED_CHANNELS = new Set(['facebook', 'instagram', 'telegram', 'vk']);

interface WriteResult extends TicketChange {
  /** Jobs the write asks for, given the updated ticket: staged in its transaction, handed to Redis after the commit. */
  jobs?: (ticket: TicketEntity) => OutboxRow[];
}

@Injectable()
export class TicketsService {
  constructor(
    private readonly tickets: TicketsRepository,
    private readonly outbox: JobOutbox,
    private readonly sla: SlaService,
    private readonly notifications: NotificationsRepository,
    private readonly factory: TicketFactory,
  ) {}

  async list(actor: Actor, filters: TicketFilters, limit: number, cursor?: string): Promise<Page<TicketView>> {
    const page = await this.tickets.list(scopeOf(actor), filters, limit, cursor);
    return { items: page.items.map(toTicketView), nextCursor: page.nextCursor };
  }

  async get(actor: Actor, id: string): Promise<TicketView> {
    return toTicketView(await this.visible(actor, id));
  }

  async events(actor: Actor, id: string) {
    await this.visible(actor, id);
    return (await this.tickets.events(id)).map(toEventView);
  }

  async replies(actor: Actor, id: string) {
    await this.visible(actor, id);
    return (await this.tickets.replies(id)).map(toReplyView);
  }

  /** Who handled a ticket the actor may read: the names its timeline shows, without the users list (admins only). */
  async people(actor: Actor, id: string) {
    await this.visible(actor, id);
    return this.tickets.people(id);
  }

  async createManual(actor: Actor, input: ManualTicketInput): Promise<TicketView> {
    assertCan(actor.role, 'create');
    const now = new Date();
    if (input.receivedAt && input.receivedAt.getTime() > now.getTime() + 60_000) {
      throw new DomainError('validation', 'receivedAt cannot be in the future');
    }
    if (input.districtId && actor.role === 'press_secretary' && !actor.districtIds.includes(input.districtId)) {
      throw new DomainError('forbidden', 'press secretaries create tickets for their own districts only');
    }
    const { ticket, staged } = await this.tickets.transaction(async (m) => {
      if (input.districtId) await this.mustExist(m, DistrictEntity, input.districtId, 'district');
      const category = input.categoryCode ? await this.category(m, input.categoryCode) : null;
      return this.factory.createOne(
        m,
        {
          channel: 'manual',
          districtId: input.districtId ?? null,
          locality: input.locality,
          author: input.author,
          text: input.text,
          receivedAt: input.receivedAt ?? now,
          priority: input.priority,
          category,
          actorId: actor.id,
          createdPayload: { channel: 'manual' },
        },
        now,
      );
    });
    await this.factory.afterCommit([ticket], staged);
    return toTicketView(ticket);
  }

  triage(actor: Actor, id: string, input: TriageInput, ifMatch?: number): Promise<TicketView> {
    return this.write(actor, 'triage', id, ifMatch, async (t, m) => {
      if (t.status !== 'new' && t.status !== 'triaged') {
        throw new DomainError('invalid_transition', `ticket ${t.reference} is '${t.status}'; only new or triaged tickets are triaged (send it back with a transition to 'triaged' first)`);
      }
      if (input.districtId) {
        await this.mustExist(m, DistrictEntity, input.districtId, 'district');
        if (actor.role === 'press_secretary' && !actor.districtIds.includes(input.districtId)) {
          throw new DomainError('forbidden', 'a press secretary can move a ticket only into one of their own districts');
        }
      }
      if (input.departmentId) await this.mustExist(m, DepartmentEntity, input.departmentId, 'department');
      const category = input.categoryCode ? await this.category(m, input.categoryCode) : null;
      const departmentId = input.departmentId ?? category?.departmentId ?? t.departmentId;
      const changes: Partial<TicketEntity> = {
        status: 'triaged',
        categoryCode: category?.code ?? t.categoryCode,
        departmentId,
        priority: input.priority ?? t.priority,
        districtId: input.districtId ?? t.districtId,
        locality: input.locality ?? t.locality,
      };
      return {
        changes,
        events: [{ type: 'ticket.triaged', fromStatus: t.status, toStatus: 'triaged', payload: { ...input, departmentId } }],
        jobs: departmentId ? (ticket) => [assignmentJob(ticket, 'triaged')] : undefined,
      };
    });
  }

  assign(actor: Actor, id: string, assigneeId: string, ifMatch?: number): Promise<TicketView> {
    return this.write(actor, 'assign', id, ifMatch, async (t, m) => {
      const assignee = await m.getRepository(UserEntity).findOneBy({ id: assigneeId, active: true });
      if (!assignee || (assignee.role !== 'department_staff' && assignee.role !== 'department_head') || !assignee.departmentId) {
        throw new DomainError('validation', `assignee ${assigneeId} is not an active member of a department`);
      }
      if (t.departmentId && assignee.departmentId !== t.departmentId && actor.role !== 'admin') {
        throw new DomainError('validation', `assignee ${assigneeId} is not a member of the ticket's department`);
      }
      return assignmentChange(t, assignee.id, assignee.departmentId, { automatic: false });
    });
  }

  reply(actor: Actor, id: string, input: ReplyInput, ifMatch?: number): Promise<TicketView> {
    const action: TicketAction = input.visibility === 'public' ? 'reply_public' : 'note';
    return this.write(actor, action, id, ifMatch, async (t, m) => {
      if (t.status === 'merged') throw new DomainError('invalid_transition', `ticket ${t.reference} is merged; reply on its parent ticket`);
      const isPublic = input.visibility === 'public';
      const reply = await this.tickets.insertReply(m, {
        ticketId: t.id,
        authorId: actor.id,
        body: input.body,
        visibility: input.visibility,
        deliveryStatus: isPublic && DELIVERED_CHANNELS.has(t.channel) ? 'pending' : 'not_applicable',
      });
      // A reply Tynda delivers to a channel counts once the channel has it (the outbound worker); any other public reply counts as written.
      const first = isPublic && !t.firstResponseAt && reply.deliveryStatus !== 'pending';
      return {
        changes: first ? await this.sla.firstResponse(t, reply.createdAt) : {},
        events: [
          {
            type: isPublic ? 'ticket.replied' : 'ticket.note_added',
            payload: { replyId: reply.id, visibility: input.visibility, ...(first ? { firstResponse: true } : {}) },
          },
        ],
        // Only public replies on a social channel are delivered by Tynda.
        jobs: reply.deliveryStatus === 'pending' ? () => [outboxJob('outbound', 'outbound.deliver', { replyId: reply.id }, jobIds.outboundDeliver(reply.id))] : undefined,
      };
    });
  }

  transition(actor: Actor, id: string, to: TicketStatus, note: string | undefined, ifMatch?: number): Promise<TicketView> {
    return this.write(actor, 'transition', id, ifMatch, async (t) => {
      const endpoint = OWN_ENDPOINT[to];
      if (endpoint) throw new DomainError('validation', `moving a ticket to '${to}' needs ${endpoint}`);
      assertTransition(t.status, to);
      if (to === 'rejected' && !note?.trim()) throw new DomainError('validation', 'rejecting a ticket needs a note saying why');
      const now = new Date();
      const changes: Partial<TicketEntity> = { status: to };
      if (to === 'resolved') changes.resolvedAt = now;
      if (to === 'closed') changes.closedAt = now;
      if (to === 'reopened') Object.assign(changes, { resolvedAt: null, closedAt: null });
      // Handing a ticket back to triage releases it: the next department assigns afresh.
      if (to === 'triaged') changes.assigneeId = null;
      return { changes, events: [{ type: 'ticket.status_changed', fromStatus: t.status, toStatus: to, payload: note ? { note } : {} }] };
    });
  }

  /**
   * A department that cannot act on a ticket sends it back to the press secretaries' queue: `new`
   * again, with no category, department or assignee, its clock running on (nothing is reset). The
   * reason is kept on the `ticket.handed_back` event, and the triage it undoes stops being a lesson
   * for the router.
   */
  handBack(actor: Actor, id: string, reason: string, ifMatch?: number): Promise<TicketView> {
    return this.write(actor, 'hand_back', id, ifMatch, async (t) => {
      if (!HAND_BACK_FROM.includes(t.status) || !t.departmentId) {
        throw new DomainError('invalid_transition', `ticket ${t.reference} is '${t.status}'${t.departmentId ? '' : ' with no department'}; only a ticket a department holds (${HAND_BACK_FROM.join(', ')}) is handed back`);
      }
      return {
        changes: { status: 'new', categoryCode: null, departmentId: null, assigneeId: null },
        events: [{ type: 'ticket.handed_back', fromStatus: t.status, toStatus: 'new', payload: { reason: reason.trim(), departmentId: t.departmentId, categoryCode: t.categoryCode } }],
      };
    });
  }

  merge(actor: Actor, id: string, intoTicketId: string, ifMatch?: number): Promise<TicketView> {
    if (id === intoTicketId) return Promise.reject(new DomainError('validation', 'a ticket cannot be merged into itself'));
    return this.write(actor, 'merge', id, ifMatch, async (t, m) => {
      const parent = await this.tickets.lockInScope(m, scopeOf(actor), intoTicketId);
      if (!parent) throw notFound('ticket', intoTicketId);
      if (parent.status === 'merged') {
        throw new DomainError('conflict', `ticket ${parent.reference} is itself merged into ${parent.parentTicketId}; merge into that one`);
      }
      assertTransition(t.status, 'merged');
      await this.tickets.appendEvents(m, [
        { ticketId: parent.id, type: 'ticket.merged', actorId: actor.id, payload: { mergedTicketId: t.id, mergedReference: t.reference } },
      ]);
      return {
        changes: { status: 'merged', parentTicketId: parent.id },
        events: [{ type: 'ticket.merged', fromStatus: t.status, toStatus: 'merged', payload: { intoTicketId: parent.id, intoReference: parent.reference } }],
      };
    });
  }

  /**
   * Every ticket write: role check (403), scoped row lock (404 outside scope), optimistic version
   * check (409), the change with its SLA consequences, the version bump, its events and the
   * assignee's notification, in one transaction.
   */
  private async write(
    actor: Actor,
    action: TicketAction,
    id: string,
    ifMatch: number | undefined,
    decide: (ticket: TicketEntity, m: EntityManager) => Promise<WriteResult>,
  ): Promise<TicketView> {
    assertCan(actor.role, action);
    let timersBefore: number[] = [];
    let staged: StagedJobs | undefined;
    const ticket = await this.tickets.transaction(async (m) => {
      const t = await this.tickets.lockInScope(m, scopeOf(actor), id);
      if (!t) throw notFound('ticket', id);
      if (ifMatch !== undefined && ifMatch !== t.version) {
        throw new DomainError('stale_version', `ticket ${t.reference} is at version ${t.version}, not ${ifMatch}: reload it and retry`, { currentVersion: t.version });
      }
      const result = await decide(t, m);
      timersBefore = this.sla.pendingInstants(t);
      const slaChanges = await this.sla.settle(t, result.changes, new Date());
      await this.tickets.update(m, t, { ...result.changes, ...slaChanges });
      const events = await this.tickets.appendEvents(m, result.events.map((e) => ({ ...e, ticketId: t.id, actorId: actor.id })));
      const notified = await notifyAssignees(this.notifications, m, events);
      staged = await this.outbox.stage(m, [...(result.jobs?.(t) ?? []), ...this.outbox.notifications(notified)]);
      return t;
    });
    await this.sla.reschedule(ticket.id, timersBefore, this.sla.pendingInstants(ticket));
    if (staged) await this.outbox.dispatch(staged);
    return toTicketView(ticket);
  }

  private async visible(actor: Actor, id: string): Promise<TicketEntity> {
    assertCan(actor.role, 'read');
    const ticket = await this.tickets.findInScope(scopeOf(actor), id);
    if (!ticket) throw notFound('ticket', id);
    return ticket;
  }

  private async category(m: EntityManager, code: string): Promise<CategoryEntity> {
    const category = await m.getRepository(CategoryEntity).findOneBy({ code });
    if (!category) throw new DomainError('validation', `unknown categoryCode '${code}'`);
    return category;
  }

  private async mustExist(m: EntityManager, entity: EntityTarget<{ id: string }>, id: string, what: string): Promise<void> {
    if (!(await m.getRepository(entity).existsBy({ id }))) throw new DomainError('validation', `unknown ${what} ${id}`);
  }
}
