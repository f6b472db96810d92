import { Global, Module, type DynamicModule, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { ConfigModule } from '@app/config';
import { DatabaseModule, NotificationEntity, NotificationsRepository, RepliesRepository, SlaRepository, UnitOfWork, type UserEntity } from '@app/database';
import { Clock, canTransition, type Actor, type TicketStatus } from '@app/domain';
import { MetricsModule } from '@app/observability';
import { JobOutbox, LiveEvents, QueueProducer } from '@app/queues';
import { SlaModule, SlaService } from '@app/sla';
import {
  AssignmentService,
  DELIVERED_CHANNELS,
  ReplyDeliveryService,
  ResidentVerdictService,
  TicketFactory,
  TicketsModule,
  TicketsService,
} from '@app/tickets';
import { STATUS_NOTES } from './seed-data.js';
import {
  DAY,
  HOUR,
  MINUTE,
  PRNG_SEED,
  SECOND,
  authorExternalId,
  logBetween,
  mulberry32,
  replyBody,
  required,
  type ReferenceRows,
  type TicketPlan,
} from './ticket-plan.js';

/** The seed's clock: it stands at one instant of the history until the seed moves it on. */
class HistoryClock extends Clock {
  constructor(private at: number) {
    super();
  }

  override now(): Date {
    return new Date(this.at);
  }

  moveTo(at: number): void {
    this.at = at;
  }
}

/**
 * The seed's world has no Redis and no worker: the jobs its writes ask for are dropped (their
 * outbox rows cleared as if handed over), and the seed does itself, at the planned instants, what
 * those jobs would have done: assignment, delivery, the SLA and verdict sweeps.
 */
class NoQueues extends QueueProducer {
  override addRows(): Promise<void> {
    return Promise.resolve();
  }

  override publish(): Promise<void> {
    return Promise.resolve();
  }
}

@Global()
@Module({
  imports: [DatabaseModule],
  providers: [{ provide: QueueProducer, useClass: NoQueues }, JobOutbox, LiveEvents],
  exports: [QueueProducer, JobOutbox, LiveEvents],
})
class NoQueuesModule {}

/** The services of the API and the worker, on the seed's database and clock. */
@Module({})
class SeedWorldModule {
  static forRoot(databaseUrl: string, clock: Clock): DynamicModule {
    return {
      module: SeedWorldModule,
      imports: [ConfigModule.forRoot({ DATABASE_URL: databaseUrl }, clock), MetricsModule, DatabaseModule, NoQueuesModule, SlaModule, TicketsModule],
    };
  }
}

/** How long the outbound worker takes to post a reply once it is written. */
const DELIVERY_LAG = 2 * SECOND;
/** A reply that tells a resident their comment joined another ticket comes just before the merge. */
const MERGE_NOTICE_LEAD = MINUTE;

/**
 * Lives the planned tickets through the real services on a clock that walks from the first
 * creation to `end()` (read once the timeline is done): tickets are created, triaged, assigned,
 * answered and moved at their planned instants by the people the plan names; the SLA engine takes
 * every step at the instant it falls due, and resolutions nobody answered close when their window
 * runs out. Every column, event and notification is what the services wrote; the seed decides only
 * who did what, and when.
 */
export async function seedHistory(databaseUrl: string, ref: ReferenceRows, plans: readonly TicketPlan[], end: () => number): Promise<void> {
  const clock = new HistoryClock(plans[0]?.steps[0]!.at ?? end());
  const app = await NestFactory.createApplicationContext(SeedWorldModule.forRoot(databaseUrl, clock), { logger: ['error', 'warn'], abortOnError: false });
  try {
    const history = new History(app, ref, clock);
    for (const p of plans) history.plan(p);
    const ended = await history.live(end);
    await history.readNotifications(ended);
  } finally {
    await app.close();
  }
}

interface Action {
  at: number;
  run: () => Promise<unknown>;
}

/** A ticket as far as the seed follows it: who holds it now, and its reference for the replies. */
interface Living {
  id: string;
  reference: string;
  assigneeId: string | null;
}

class History {
  private readonly tickets: TicketsService;
  private readonly factory: TicketFactory;
  private readonly assignment: AssignmentService;
  private readonly sla: SlaService;
  private readonly engine: SlaRepository;
  private readonly verdicts: ResidentVerdictService;
  private readonly deliveries: ReplyDeliveryService;
  private readonly replies: RepliesRepository;
  private readonly notifications: NotificationsRepository;
  private readonly uow: UnitOfWork;
  private readonly dataSource: DataSource;
  /** In time order; actions at the same instant in the order they were added. */
  private readonly actions: Action[] = [];
  private readonly living = new Map<TicketPlan, Living>();
  private readonly users: Map<string, UserEntity>;

  constructor(
    app: INestApplicationContext,
    private readonly ref: ReferenceRows,
    private readonly clock: HistoryClock,
  ) {
    this.tickets = app.get(TicketsService);
    this.factory = app.get(TicketFactory);
    this.assignment = app.get(AssignmentService);
    this.sla = app.get(SlaService);
    this.engine = app.get(SlaRepository);
    this.verdicts = app.get(ResidentVerdictService);
    this.deliveries = app.get(ReplyDeliveryService);
    this.replies = app.get(RepliesRepository);
    this.notifications = app.get(NotificationsRepository);
    this.uow = app.get(UnitOfWork);
    this.dataSource = app.get(DataSource);
    this.users = new Map([...ref.pressSecretaries.values(), ...ref.heads.values(), ...[...ref.staff.values()].flat()].map((u) => [u.id, u]));
  }

  /** Puts the ticket's creation, each step and its reply on the timeline. */
  plan(p: TicketPlan): void {
    this.at(p.steps[0]!.at, () => this.create(p));
    for (const step of p.steps.slice(1)) this.at(step.at, () => this.step(p, step.status, step.automatic));
    // Nobody can answer on a merged ticket: the notice that points to the other one comes just before the merge.
    if (p.reply) this.at(p.reply.kind === 'merged' ? p.steps.at(-1)!.at - MERGE_NOTICE_LEAD : p.reply.at, () => this.reply(p));
  }

  /** Runs the timeline in order, the SLA engine taking what falls due between its actions; returns where it ended. */
  async live(end: () => number): Promise<number> {
    for (let action = this.actions.shift(); action && action.at <= end(); action = this.actions.shift()) {
      await this.runEngineUntil(action.at);
      this.clock.moveTo(action.at);
      await action.run();
    }
    const ended = end();
    await this.runEngineUntil(ended);
    this.clock.moveTo(ended);
    await this.verdicts.closeUnanswered();
    // What the periodic sweep adds to the timers: level-two instants a breach left unset.
    await this.sla.advanceDue(true);
    return ended;
  }

  /**
   * Notifications as people read them: most within hours, the last two days' still waiting. Its own
   * PRNG sequence, so notifications do not shift the tickets' draws.
   */
  async readNotifications(ended: number): Promise<void> {
    const rng = mulberry32(PRNG_SEED + 1);
    const all = await this.dataSource.getRepository(NotificationEntity).find({ order: { createdAt: 'ASC', id: 'ASC' } });
    for (const n of all) {
      // Drawn either way, so the PRNG sequence (hence the data) does not depend on when the history ended.
      const readAfter = logBetween(rng, 5 * MINUTE, 6 * HOUR);
      const reads = rng() < 0.85;
      if (!reads || n.createdAt.getTime() >= ended - 2 * DAY) continue;
      this.clock.moveTo(n.createdAt.getTime() + readAfter);
      await this.notifications.markRead(n.userId, n.id);
    }
  }

  private at(at: number, run: () => Promise<unknown>): void {
    let i = this.actions.length;
    while (i > 0 && this.actions[i - 1]!.at > at) i--;
    this.actions.splice(i, 0, { at, run });
  }

  /**
   * Takes every SLA step that falls due before `until` at its own instant, as the worker's timers
   * do: a step that a write made overdue is taken at once, and a breach's level-two instant counts
   * before any later step is looked for.
   */
  private async runEngineUntil(until: number): Promise<void> {
    for (;;) {
      const due = (await this.engine.nextDueAt())?.getTime();
      if (due === undefined || due >= until) return;
      const now = this.clock.now().getTime();
      this.clock.moveTo(Math.max(due, now));
      if ((await this.sla.advanceDue()) === 0)
        throw new Error(`the SLA step due at ${new Date(due).toISOString()} was not taken: is a worker running against this database?`);
    }
  }

  private async create(p: TicketPlan): Promise<void> {
    const press = this.actor(required(this.ref.pressSecretaries, p.source.districtCode));
    const receivedAt = new Date(p.receivedAt);
    const author = { name: p.resident.name, externalId: authorExternalId(p.channel, p.resident), phone: p.authorPhone };
    if (p.channel === 'manual') {
      const view = await this.tickets.createManual(press, {
        text: p.text,
        districtId: p.districtId ?? undefined,
        locality: p.locality ?? undefined,
        author: { name: author.name, phone: author.phone ?? undefined },
        receivedAt,
      });
      this.living.set(p, { id: view.id, reference: view.reference, assigneeId: null });
      return;
    }
    // As intake brings a comment in (a channel's webhook, Open311): no category yet, nobody's yet.
    const social = p.channel !== 'open311';
    const ticket = await this.uow.run(async () => {
      const created = await this.factory.create({
        channel: p.channel,
        externalId: p.externalId,
        pageId: p.page?.id ?? null,
        districtId: p.districtId,
        locality: p.locality,
        author,
        text: p.text,
        receivedAt,
        category: null,
        actorId: null,
        createdPayload: social
          ? { channel: p.channel, pageExternalId: p.page?.externalId ?? null, ...(p.page ? {} : { unknownPage: true as const }) }
          : { channel: p.channel },
      });
      await this.factory.followUp([created]);
      return created;
    });
    this.living.set(p, { id: ticket.id, reference: ticket.reference, assigneeId: null });
  }

  /** One planned move, by whoever makes it: the press secretary, the department head, the assignee, or the assignment worker. */
  private async step(p: TicketPlan, to: TicketStatus, automatic: boolean): Promise<void> {
    const t = this.ticket(p);
    const press = this.actor(required(this.ref.pressSecretaries, p.source.districtCode));
    const category = p.category;
    switch (to) {
      case 'triaged':
        // A comment for nobody's department ("other") is not triaged but rejected from `new`.
        if (!category?.departmentId) return;
        await this.tickets.triage(press, t.id, {
          categoryCode: category.code,
          priority: p.priority,
          // A private message names its district and village only to whoever reads it.
          ...(p.districtId ? {} : { districtId: required(this.ref.districts, p.source.districtCode).id }),
          ...(p.locality ? {} : { locality: p.source.locality }),
        });
        return;
      case 'assigned': {
        if (automatic) {
          const result = await this.assignment.autoAssign(t.id);
          if (!result.assigned) throw new Error(`seed: ticket ${t.reference} was not assigned: ${result.reason}`);
          t.assigneeId = result.assigneeId;
          return;
        }
        const head = this.actor(required(this.ref.heads, category!.departmentId!));
        t.assigneeId = (await this.tickets.assign(head, t.id, p.assignee!.id)).assigneeId;
        return;
      }
      case 'in_progress':
      case 'awaiting_resident':
      case 'resolved': {
        const note = to === 'awaiting_resident' ? this.note(p, 'awaiting_resident') : undefined;
        // Resolving unanswered needs saying so; it is recorded only when no public answer was given.
        const view = await this.tickets.transition(this.assignee(t), t.id, to, note, undefined, { withoutPublicAnswer: to === 'resolved' });
        if (to !== 'resolved' || !DELIVERED_CHANNELS.has(view.channel)) return;
        // On a channel Tynda answers on, the resolution asks the resident: the worker posts the
        // question, and closes the resolution as unanswered once their window has run out.
        this.deliverSoon();
        if (view.residentConfirmation.dueAt) this.at(view.residentConfirmation.dueAt.getTime(), () => this.verdicts.closeUnanswered());
        return;
      }
      case 'closed':
      case 'reopened': {
        // The resident's silence may have closed the resolution already.
        const { status } = await this.tickets.get(press, t.id);
        if (status === to || !canTransition(status, to)) return;
        await this.tickets.transition(press, t.id, to, to === 'reopened' ? this.note(p, 'reopened') : undefined);
        return;
      }
      case 'rejected':
        await this.tickets.transition(press, t.id, 'rejected', this.note(p, p.source.rejection ?? 'off_topic'));
        return;
      case 'merged':
        await this.tickets.merge(press, t.id, this.ticket(p.parent!).id);
        return;
    }
  }

  private async reply(p: TicketPlan): Promise<void> {
    const t = this.ticket(p);
    const author = p.reply!.author === 'assignee' ? this.assignee(t) : this.actor(required(this.ref.pressSecretaries, p.source.districtCode));
    const body = replyBody(p, t.reference, p.parent ? this.ticket(p.parent).reference : '');
    const view = await this.tickets.reply(author, t.id, { body, visibility: 'public' });
    if (DELIVERED_CHANNELS.has(view.channel)) this.deliverSoon();
  }

  /** The outbound worker posts what waits for it a moment later: the channels take every pending reply. */
  private deliverSoon(): void {
    this.at(this.clock.now().getTime() + DELIVERY_LAG, () => this.deliverPending());
  }

  private async deliverPending(): Promise<void> {
    const pending = await this.replies.pendingSince(new Date(this.clock.now().getTime() + 1), 500);
    for (const id of pending) {
      await this.uow.run(async () => {
        const reply = await this.replies.lockPending(id);
        // The demo's channels are imaginary: the posted reply's id says so.
        if (reply) await this.deliveries.delivered(reply, `demo:${reply.id}`);
      });
    }
  }

  private ticket(p: TicketPlan): Living {
    const t = this.living.get(p);
    if (!t) throw new Error('seed: a ticket was acted on before its creation');
    return t;
  }

  private assignee(t: Living): Actor {
    if (!t.assigneeId) throw new Error(`seed: ticket ${t.reference} has nobody to act on it`);
    return this.actor(required(this.users, t.assigneeId));
  }

  private actor(u: UserEntity): Actor {
    return { id: u.id, role: u.role, districtIds: u.districtIds, departmentId: u.departmentId };
  }

  private note(p: TicketPlan, key: keyof typeof STATUS_NOTES): string {
    return STATUS_NOTES[key][p.language === 'kk' ? 'kk' : 'ru'];
  }
}
