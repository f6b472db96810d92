import { Injectable } from '@nestjs/common';
import type { EntityTarget } from 'typeorm';
import {
  CategoryEntity,
  DepartmentEntity,
  DistrictEntity,
  NotificationsRepository,
  TicketsRepository,
  UnitOfWork,
  UserEntity,
  type OutboxRow,
  type Page,
  type TicketEntity,
  type TicketFilters,
  type TicketListOptions,
  type TicketRow,
} from '@app/database';
import {
  Clock,
  DomainError,
  HAND_BACK_FROM,
  assertCan,
  assertTransition,
  eachTicket,
  notFound,
  scopeFieldsOf,
  scopeOf,
  type Actor,
  type BulkOutcome,
  type BulkTicket,
  type LiveEvent,
  type Priority,
  type ReplyVisibility,
  type TicketAction,
  type TicketStatus,
} from '@app/domain';
import { JobOutbox, LiveEvents, jobIds, outboxJob } from '@app/queues';
import { SlaService } from '@app/sla';
import { assignmentChange, notifyAssignees, type TicketChange } from './assignment-change.js';
import { FormalAppealsService, type ExtensionInput, type FormalAppealInput } from './formal-appeals.service.js';
import { ResidentVerdictService } from './resident-verdict.service.js';
import { TicketFactory, assignmentJob } from './ticket-factory.js';
import { toEventView, toReplyView, toTicketView, type TicketListView, type TicketView } from './ticket.view.js';

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
    private readonly live: LiveEvents,
    private readonly verdicts: ResidentVerdictService,
    private readonly appeals: FormalAppealsService,
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  async list(
    actor: Actor,
    filters: TicketFilters,
    limit: number,
    cursor?: string,
    options: TicketListOptions = {},
  ): Promise<Page<TicketListView> & { total?: number; totalCapped?: boolean }> {
    const page = await this.tickets.list(scopeOf(actor), filters, limit, cursor, options);
    return {
      items: page.items.map((i) => ({ ...toTicketView(i.ticket), suggestedCategoryCode: i.suggestedCategoryCode, publicReplyAt: i.publicReplyAt })),
      nextCursor: page.nextCursor,
      ...(page.total === undefined ? {} : { total: page.total, totalCapped: page.totalCapped }),
    };
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
    const now = this.clock.now();
    if (input.receivedAt && input.receivedAt.getTime() > now.getTime() + 60_000) {
      throw new DomainError('validation', 'receivedAt cannot be in the future');
    }
    if (input.districtId && actor.role === 'press_secretary' && !actor.districtIds.includes(input.districtId)) {
      throw new DomainError('forbidden', 'press secretaries create tickets for their own districts only');
    }
    const ticket = await this.uow.run(async () => {
      if (input.districtId) await this.mustExist(DistrictEntity, input.districtId, 'district');
      const category = input.categoryCode ? await this.category(input.categoryCode) : null;
      const created = await this.factory.create(
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
      await this.factory.followUp([created]);
      return created;
    });
    return toTicketView(ticket);
  }

  triage(actor: Actor, id: string, input: TriageInput, ifMatch?: number): Promise<TicketView> {
    return this.write(actor, 'triage', id, ifMatch, async (t) => {
      if (t.status !== 'new' && t.status !== 'triaged') {
        throw new DomainError(
          'invalid_transition',
          `ticket ${t.reference} is '${t.status}'; only new or triaged tickets are triaged (send it back with a transition to 'triaged' first)`,
        );
      }
      if (input.districtId) {
        await this.mustExist(DistrictEntity, input.districtId, 'district');
        if (actor.role === 'press_secretary' && !actor.districtIds.includes(input.districtId)) {
          throw new DomainError('forbidden', 'a press secretary can move a ticket only into one of their own districts');
        }
      }
      if (input.departmentId) await this.mustExist(DepartmentEntity, input.departmentId, 'department');
      const category = input.categoryCode ? await this.category(input.categoryCode) : null;
      const departmentId = input.departmentId ?? category?.departmentId ?? t.departmentId;
      // A triaged ticket with no department is in nobody's queue: nobody would ever see it again.
      if (!departmentId) {
        throw new DomainError(
          'validation',
          `triaging ${t.reference} needs a categoryCode whose category has a department (or a departmentId); a ticket that is not an appeal is rejected instead`,
          undefined,
          'ticket.triage_needs_department',
        );
      }
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
        jobs: (ticket) => [assignmentJob(ticket, 'triaged')],
      };
    });
  }

  /**
   * The triage desk's bulk actions: one category and priority, or "not a request" with one reason,
   * over many tickets. Each ticket goes through its single action (scope, version, transition,
   * events, jobs, in its own transaction) and gets its own outcome. Both need the right to triage:
   * they are the press secretaries' (and admins') tools, whatever else a role may do to one ticket.
   */
  bulkTriage(actor: Actor, tickets: readonly BulkTicket[], input: Pick<TriageInput, 'categoryCode' | 'priority'>): Promise<BulkOutcome[]> {
    assertCan(actor.role, 'triage');
    return eachTicket(tickets, (t) => this.triage(actor, t.id, input, t.version));
  }

  bulkReject(actor: Actor, tickets: readonly BulkTicket[], reason: string): Promise<BulkOutcome[]> {
    assertCan(actor.role, 'triage');
    return eachTicket(tickets, (t) => this.transition(actor, t.id, 'rejected', reason, t.version));
  }

  assign(actor: Actor, id: string, assigneeId: string, ifMatch?: number): Promise<TicketView> {
    return this.write(actor, 'assign', id, ifMatch, async (t) => {
      const assignee = await this.uow.manager.getRepository(UserEntity).findOneBy({ id: assigneeId, active: true });
      if (!assignee || (assignee.role !== 'department_staff' && assignee.role !== 'department_head') || !assignee.departmentId) {
        throw new DomainError('validation', `assignee ${assigneeId} is not an active member of a department`, undefined, 'ticket.assignee_not_in_department');
      }
      if (t.departmentId && assignee.departmentId !== t.departmentId && actor.role !== 'admin') {
        throw new DomainError(
          'validation',
          `assignee ${assigneeId} is not a member of the ticket's department`,
          undefined,
          'ticket.assignee_not_in_department',
        );
      }
      return assignmentChange(t, assignee.id, assignee.departmentId, { automatic: false });
    });
  }

  reply(actor: Actor, id: string, input: ReplyInput, ifMatch?: number): Promise<TicketView> {
    const action: TicketAction = input.visibility === 'public' ? 'reply_public' : 'note';
    return this.write(actor, action, id, ifMatch, async (t) => {
      if (t.status === 'merged') throw new DomainError('invalid_transition', `ticket ${t.reference} is merged; reply on its parent ticket`);
      const isPublic = input.visibility === 'public';
      const reply = await this.tickets.insertReply({
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
        jobs:
          reply.deliveryStatus === 'pending'
            ? () => [outboxJob('outbound', 'outbound.deliver', { replyId: reply.id }, jobIds.outboundDeliver(reply.id))]
            : undefined,
      };
    });
  }

  /**
   * `withoutPublicAnswer`: resolving a ticket nobody answered publicly is refused (409
   * `ticket.no_public_answer`) unless the caller confirms it this way; the event then records it.
   */
  transition(
    actor: Actor,
    id: string,
    to: TicketStatus,
    note: string | undefined,
    ifMatch?: number,
    options: { withoutPublicAnswer?: boolean } = {},
  ): Promise<TicketView> {
    return this.write(actor, 'transition', id, ifMatch, async (t) => {
      const endpoint = OWN_ENDPOINT[to];
      if (endpoint) throw new DomainError('validation', `moving a ticket to '${to}' needs ${endpoint}`);
      assertTransition(t.status, to);
      if (to === 'rejected' && !note?.trim())
        throw new DomainError('validation', 'rejecting a ticket needs a note saying why', undefined, 'ticket.rejection_needs_note');
      if (to === 'triaged' && !t.departmentId) {
        throw new DomainError(
          'validation',
          `ticket ${t.reference} has no department: triage it with a category (POST /tickets/:id/triage)`,
          undefined,
          'ticket.triage_needs_department',
        );
      }
      const unanswered = to === 'resolved' && !t.firstResponseAt && !(await this.tickets.hasPublicReply(t.id));
      if (unanswered && !options.withoutPublicAnswer) {
        throw new DomainError(
          'conflict',
          `ticket ${t.reference} has no public answer: reply to the resident first, or resolve with "withoutPublicAnswer": true to record that it was resolved unanswered`,
          undefined,
          'ticket.no_public_answer',
        );
      }
      const now = this.clock.now();
      const changes: Partial<TicketEntity> = { status: to };
      if (to === 'resolved') changes.resolvedAt = now;
      if (to === 'closed') changes.closedAt = now;
      if (to === 'reopened') Object.assign(changes, { resolvedAt: null, closedAt: null });
      // Handing a ticket back to triage releases it: the next department assigns afresh.
      if (to === 'triaged') changes.assigneeId = null;
      const payload = { ...(note ? { note } : {}), ...(unanswered ? { withoutPublicAnswer: true as const } : {}) };
      const events: TicketChange['events'] = [{ type: 'ticket.status_changed', fromStatus: t.status, toStatus: to, payload }];
      // Issue 16: the answer stops a formal appeal's legal clock; a resolution is put to the resident.
      const answered = this.appeals.answered(t, to, now);
      const asked = to === 'resolved' ? await this.verdicts.ask(t, now) : null;
      for (const c of [answered, asked]) {
        if (!c) continue;
        Object.assign(changes, c.changes);
        events.push(...c.events);
      }
      return { changes, events, jobs: asked ? () => [this.verdicts.questionJob(asked.replyId)] : undefined };
    });
  }

  /** A resident who phoned (or was phoned) says whether their resolved ticket is solved: recorded by the press secretary (issue 16). */
  recordVerdict(actor: Actor, id: string, verdict: 'confirmed' | 'disputed', note: string | undefined, ifMatch?: number): Promise<TicketView> {
    return this.write(actor, 'record_verdict', id, ifMatch, async (t) => {
      if (t.status !== 'resolved' && t.residentConfirmationState !== 'asked') {
        throw new DomainError('invalid_transition', `ticket ${t.reference} is '${t.status}'; a resident's verdict is recorded on a resolved ticket`);
      }
      const decided = await this.verdicts.decide(t, verdict, { via: 'call', ...(note?.trim() ? { note: note.trim() } : {}) }, this.clock.now());
      return { ...decided, jobs: () => this.outbox.notifications(decided.notificationIds) };
    });
  }

  /** Registers the ticket as a formal appeal under the APPK, starting its legal clock (issue 16). */
  registerFormalAppeal(actor: Actor, id: string, input: FormalAppealInput, ifMatch?: number): Promise<TicketView> {
    return this.write(actor, 'formal_appeal', id, ifMatch, (t) => this.appeals.register(t, input, this.clock.now()));
  }

  /** The formal appeal's one extension, with its reason and a notice to the resident (issue 16). */
  extendFormalAppeal(actor: Actor, id: string, input: ExtensionInput, ifMatch?: number): Promise<TicketView> {
    return this.write(actor, 'formal_appeal', id, ifMatch, async (t) => {
      const extended = await this.appeals.extend(t, input, this.clock.now(), actor.id);
      return { ...extended, jobs: () => extended.jobs };
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
        throw new DomainError(
          'invalid_transition',
          `ticket ${t.reference} is '${t.status}'${t.departmentId ? '' : ' with no department'}; only a ticket a department holds (${HAND_BACK_FROM.join(', ')}) is handed back`,
        );
      }
      return {
        changes: { status: 'new', categoryCode: null, departmentId: null, assigneeId: null },
        events: [
          {
            type: 'ticket.handed_back',
            fromStatus: t.status,
            toStatus: 'new',
            payload: { reason: reason.trim(), departmentId: t.departmentId, categoryCode: t.categoryCode },
          },
        ],
      };
    });
  }

  merge(actor: Actor, id: string, intoTicketId: string, ifMatch?: number): Promise<TicketView> {
    if (id === intoTicketId) return Promise.reject(new DomainError('validation', 'a ticket cannot be merged into itself'));
    return this.write(actor, 'merge', id, ifMatch, async (t) => {
      const parent = await this.tickets.lockInScope(scopeOf(actor), intoTicketId);
      if (!parent) throw notFound('ticket', intoTicketId);
      if (parent.status === 'merged') {
        throw new DomainError('conflict', `ticket ${parent.reference} is itself merged into ${parent.parentTicketId}; merge into that one`);
      }
      assertTransition(t.status, 'merged');
      await this.tickets.appendEvents([
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
    decide: (ticket: TicketEntity) => Promise<WriteResult>,
  ): Promise<TicketView> {
    assertCan(actor.role, action);
    const ticket = await this.uow.run(async () => {
      const t = await this.tickets.lockInScope(scopeOf(actor), id);
      if (!t) throw notFound('ticket', id);
      if (ifMatch !== undefined && ifMatch !== t.version) {
        throw new DomainError('stale_version', `ticket ${t.reference} is at version ${t.version}, not ${ifMatch}: reload it and retry`, {
          currentVersion: t.version,
        });
      }
      const result = await decide(t);
      const scopeBefore = scopeFieldsOf(t);
      const timersBefore = this.sla.pendingInstants(t);
      const slaChanges = await this.sla.settle(t, result.changes, this.clock.now());
      await this.tickets.update(t, { ...result.changes, ...slaChanges });
      this.uow.afterCommit(() => this.sla.reschedule(t.id, timersBefore, this.sla.pendingInstants(t)));
      const events = await this.tickets.appendEvents(result.events.map((e) => ({ ...e, ticketId: t.id, actorId: actor.id })));
      const notified = await notifyAssignees(this.notifications, events);
      await this.outbox.enqueueAfterCommit([...(result.jobs?.(t) ?? []), ...this.outbox.notifications(notified)]);
      const kind = events.some((e) => e.type === 'ticket.assigned') ? 'ticket.assigned' : 'ticket.changed';
      const live: LiveEvent[] = [
        { kind, ticketId: t.id, scopes: [scopeBefore, scopeFieldsOf(t)] },
        // The only notifications a ticket write makes are its new assignee's.
        ...(notified.length && t.assigneeId ? [{ kind: 'notification.created' as const, ticketId: t.id, userId: t.assigneeId }] : []),
      ];
      this.uow.afterCommit(() => this.live.publish(live));
      return t;
    });
    return toTicketView(ticket);
  }

  private async visible(actor: Actor, id: string): Promise<TicketRow> {
    assertCan(actor.role, 'read');
    const ticket = await this.tickets.viewInScope(scopeOf(actor), id);
    if (!ticket) throw notFound('ticket', id);
    return ticket;
  }

  private async category(code: string): Promise<CategoryEntity> {
    const category = await this.uow.manager.getRepository(CategoryEntity).findOneBy({ code });
    if (!category) throw new DomainError('validation', `unknown categoryCode '${code}'`, undefined, 'category.unknown');
    return category;
  }

  private async mustExist(entity: EntityTarget<{ id: string }>, id: string, what: string): Promise<void> {
    if (!(await this.uow.manager.getRepository(entity).existsBy({ id }))) throw new DomainError('validation', `unknown ${what} ${id}`);
  }
}
