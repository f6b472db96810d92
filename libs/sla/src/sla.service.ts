import { Injectable, Logger } from '@nestjs/common';
import { SLA_STEPS, SlaRepository, TicketsRepository, UnitOfWork, type EngineStep, type StepBatch, type StepTaken, type TicketEntity } from '@app/database';
import {
  Clock,
  FINAL_STATUSES,
  formalAppealCalendar,
  levelTwoAt,
  pendingStepInstants,
  slaSchedule,
  slaState,
  type BusinessCalendar,
  type LiveEvent,
  type TicketCriteria,
  type WorkingClock,
} from '@app/domain';
import { AppConfig } from '@app/config';
import { MetricsService } from '@app/observability';
import { JobOutbox, LiveEvents, QueueName, QueueProducer, outboxJob } from '@app/queues';
import { SlaClocks, type PolicyClock } from './sla-clocks.js';
import { SLA_TIMER_BUCKET_MS, slaTimer } from './sla-timer.js';

export type SlaTimingFields = Pick<TicketEntity, 'slaPolicyId' | 'firstResponseDueAt' | 'resolutionDueAt' | 'firstResponseWarningAt' | 'resolutionWarningAt'>;

const BATCH = 500;
const RETIMING_FIELDS = ['categoryCode', 'priority', 'channel'] as const;

/**
 * The SLA clock of every ticket: timing at intake, pauses, re-timing, and the escalation ladder.
 * PostgreSQL holds every instant and every step taken; Redis only holds timers that wake `advanceDue`.
 */
@Injectable()
export class SlaService {
  private readonly logger = new Logger(SlaService.name);

  constructor(
    private readonly clocks: SlaClocks,
    private readonly sla: SlaRepository,
    private readonly tickets: TicketsRepository,
    private readonly queues: QueueProducer,
    private readonly outbox: JobOutbox,
    private readonly config: AppConfig,
    private readonly live: LiveEvents,
    private readonly metrics: MetricsService,
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  /**
   * How far ahead timers are set. Two sweeps fit in it, so every instant gets its timer from a
   * sweep before it falls due, even if one sweep is late; beyond it, no Redis job is made yet.
   */
  get timerHorizonMs(): number {
    return 2 * this.config.SLA_SWEEP_EVERY_MS + 5000;
  }

  /** Sets the timers of every step due within the horizon (the sweep does this each run). */
  async planTimers(): Promise<number> {
    const buckets = await this.sla.upcomingBuckets(this.timerHorizonMs, SLA_TIMER_BUCKET_MS);
    await this.wake(buckets.map((at) => ({ ticketId: 'planned', at })));
    return buckets.length;
  }

  /** Due and warning instants for a ticket, from the policy that matches it now. */
  async timing(t: TicketCriteria & Pick<TicketEntity, 'receivedAt' | 'slaPausedSeconds'>): Promise<SlaTimingFields> {
    return this.timingWith(await this.clocks.forTicket(t), t.receivedAt, t.slaPausedSeconds);
  }

  /**
   * A ticket's first public response as stored: when, and the working seconds since receipt on the
   * calendar of the ticket's policy (measured once, for the reports; a later calendar edit does not
   * rewrite history).
   */
  async firstResponse(t: TicketEntity, at: Date): Promise<Pick<TicketEntity, 'firstResponseAt' | 'firstResponseBusinessSeconds'>> {
    const { clock } = await this.clocks.byId(t.slaPolicyId, t);
    return { firstResponseAt: at, firstResponseBusinessSeconds: Math.round(clock.workingSecondsBetween(t.receivedAt, at)) };
  }

  /** The working clock of the ticket's SLA policy: the resident's confirmation window counts on it. */
  async clockOf(t: TicketEntity): Promise<WorkingClock> {
    return (await this.clocks.byId(t.slaPolicyId, t)).clock;
  }

  /** The formal appeals' legal clock: office hours on the national calendar as admins keep it now. */
  async formalAppealCalendar(): Promise<BusinessCalendar> {
    return formalAppealCalendar(await this.sla.nationalCalendar());
  }

  /**
   * The SLA consequences of a change to a ticket: a pause starts on `awaiting_resident` and ends
   * (shifting the due times by the working time paused) when it leaves; a reopen shifts them by the
   * time the ticket spent resolved, so the resolution clock runs on from where it stopped; a new
   * category, priority or channel may bring another policy. The state is recomputed every time.
   */
  async settle(before: TicketEntity, changes: Partial<TicketEntity>, now: Date): Promise<Partial<TicketEntity>> {
    const after = { ...before, ...changes };
    let retime = RETIMING_FIELDS.some((k) => k in changes && changes[k] !== before[k]);
    const pc = retime ? await this.clocks.forTicket(after) : await this.clocks.byId(before.slaPolicyId, after);
    const extra: Partial<TicketEntity> = {};
    let paused = before.slaPausedSeconds;
    const wasPaused = before.status === 'awaiting_resident';
    const isPaused = after.status === 'awaiting_resident';
    if (!wasPaused && isPaused) extra.slaPausedSince = now;
    if (wasPaused && !isPaused) {
      paused += pc.clock.workingSecondsBetween(before.slaPausedSince ?? now, now);
      extra.slaPausedSince = null;
      retime = true;
    }
    if (after.status === 'reopened' && before.resolvedAt) {
      paused += pc.clock.workingSecondsBetween(before.resolvedAt, now);
      retime = true;
    }
    paused = Math.round(paused);
    if (paused !== before.slaPausedSeconds) extra.slaPausedSeconds = paused;
    if (retime) Object.assign(extra, this.timingWith(pc, after.receivedAt, paused));
    extra.slaState = this.stateOf({ ...after, ...extra });
    return extra;
  }

  /**
   * Takes every SLA step that is due now, for all tickets, in batches, until none is left: what a
   * timer does when it fires and what the periodic sweep does as a safety net (PostgreSQL, not
   * Redis, is the source of truth). Each step happens once, however many workers run this at once.
   * `recover` (the sweep) also sets level-two instants a crash left unset after a breach.
   */
  async advanceDue(recover = false): Promise<number> {
    if (recover) await this.setLevelTwo(await this.sla.breachedWithoutLevelTwo(BATCH));
    let total = 0;
    for (;;) {
      let round = 0;
      for (const step of SLA_STEPS) {
        const batch = await this.sla.takeDueSteps(step, BATCH);
        round += batch.taken.length;
        if (batch.taken.length) this.metrics.increment('tynda_sla_steps_total', { step }, batch.taken.length);
        await this.outbox.send(this.outbox.notifications(batch.notificationIds));
        this.live.publish(stepEvents(step, batch));
        // Level two counts from the breach on the policy's calendar: set it now, so a long-overdue
        // ticket can reach level two in this same pass.
        if (step.endsWith('.breach')) await this.setLevelTwo(batch.taken);
      }
      total += round;
      if (round === 0) return total;
    }
  }

  /** Re-times every open ticket after a policy or calendar change, a batch at a time. */
  async retimeOpenTickets(batch = 500): Promise<number> {
    this.clocks.invalidate();
    let after: string | null = null;
    let changed = 0;
    for (;;) {
      const ids = await this.sla.openTicketIds(after, batch);
      if (!ids.length) return changed;
      for (const id of ids) if (await this.retimeOne(id)) changed++;
      after = ids[ids.length - 1]!;
    }
  }

  /** The instants at which this ticket still has an SLA step to take (its live timers). */
  pendingInstants(t: TicketEntity): number[] {
    return pendingStepInstants(t);
  }

  /**
   * Makes sure a timer wakes at each instant the ticket has now and did not have before. Timers are
   * shared per bucket, so a moved or met instant is not removed: its timer finds nothing of this
   * ticket to do (the conditional updates see to that).
   */
  async reschedule(ticketId: string, before: number[], after: number[]): Promise<void> {
    await this.wakeAt(
      ticketId,
      after.filter((at) => !before.includes(at)),
    );
  }

  /** Timers for freshly created tickets: one job per bucket across the whole batch. */
  async wakeFor(tickets: readonly TicketEntity[]): Promise<void> {
    await this.wake(tickets.flatMap((t) => this.pendingInstants(t).map((at) => ({ ticketId: t.id, at }))));
  }

  invalidate(): void {
    this.clocks.invalidate();
  }

  private async retimeOne(id: string): Promise<boolean> {
    return this.uow.run(async () => {
      const t = await this.tickets.lockInScope({ kind: 'all' }, id);
      if (!t || FINAL_STATUSES.includes(t.status)) return false;
      const timers = this.pendingInstants(t);
      const timing = await this.timing(t);
      const moved = (['slaPolicyId', 'firstResponseDueAt', 'resolutionDueAt', 'firstResponseWarningAt', 'resolutionWarningAt'] as const).some(
        (k) => String(timing[k]) !== String(t[k]),
      );
      if (!moved) return false;
      const before = { policyId: t.slaPolicyId, firstResponseDueAt: t.firstResponseDueAt, resolutionDueAt: t.resolutionDueAt };
      await this.tickets.update(t, { ...timing, slaState: this.stateOf({ ...t, ...timing }) });
      this.uow.afterCommit(() => this.reschedule(id, timers, this.pendingInstants(t)));
      await this.tickets.appendEvents([
        {
          ticketId: id,
          type: 'sla.timed',
          payload: { before, after: { policyId: timing.slaPolicyId, firstResponseDueAt: timing.firstResponseDueAt, resolutionDueAt: timing.resolutionDueAt } },
        },
      ]);
      return true;
    });
  }

  private timingWith({ policy, clock }: PolicyClock, receivedAt: Date, pausedSeconds: number): SlaTimingFields {
    const s = slaSchedule(clock, policy, receivedAt, pausedSeconds);
    return { slaPolicyId: policy.id, ...s };
  }

  private stateOf(t: TicketEntity) {
    return slaState({
      paused: t.slaPausedSince !== null,
      stopped: FINAL_STATUSES.includes(t.status),
      firstResponseAt: t.firstResponseAt,
      resolvedAt: t.resolvedAt,
      firstResponseBreachedAt: t.firstResponseBreachedAt,
      resolutionBreachedAt: t.resolutionBreachedAt,
      warned: Boolean((t.firstResponseWarnedAt && !t.firstResponseAt) || (t.resolutionWarnedAt && !t.resolvedAt)),
    });
  }

  private async wakeAt(ticketId: string, instants: number[]): Promise<void> {
    await this.wake(instants.map((at) => ({ ticketId, at })));
  }

  /**
   * One job per timer: the instants of a batch mostly share a few buckets, added in one bounded
   * call. Instants beyond the horizon wait for planTimers. Timers are not staged in the outbox: the
   * sweep re-plans every one of them from PostgreSQL, so if Redis misses them now they come back
   * with the next sweep (and steps already due are taken by it).
   */
  private async wake(instants: Array<{ ticketId: string; at: number }>): Promise<void> {
    const now = this.clock.now().getTime();
    const soon = instants.filter((i) => i.at <= now + this.timerHorizonMs);
    const timers = new Map(soon.map((i) => slaTimer(i.ticketId, i.at, now)).map((t) => [t.jobId, t]));
    if (!timers.size) return;
    try {
      await this.queues.addRows(
        [...timers.values()].map((t) => outboxJob(QueueName.sla, 'sla.due', { at: t.at }, t.jobId, t.at)),
        now,
      );
    } catch (e) {
      this.logger.warn(`${timers.size} SLA timer(s) left to the next sweep: ${(e as Error).message}`);
    }
  }

  private async setLevelTwo(breached: StepTaken[]): Promise<void> {
    const instants: Array<{ ticketId: string; at: Date }> = [];
    for (const b of breached) {
      const pc = b.policyId ? await this.clocks.policyClock(b.policyId) : null;
      const at = pc ? levelTwoAt(pc.clock, b.dueAt, pc.policy.escalateAfter) : null;
      if (at) instants.push({ ticketId: b.ticketId, at });
    }
    await this.tickets.setLevelTwo(instants);
    await this.wake(instants.map((i) => ({ ticketId: i.ticketId, at: i.at.getTime() })));
  }
}

/** The live event of each step (a formal appeal's ladder is heard as the SLA's: a warning, a miss, an escalation). */
const STEP_LIVE_KIND: Readonly<Record<EngineStep, 'sla.warning' | 'sla.breached' | 'sla.escalated'>> = {
  'first_response.warning': 'sla.warning',
  'resolution.warning': 'sla.warning',
  'first_response.breach': 'sla.breached',
  'resolution.breach': 'sla.breached',
  level_two: 'sla.escalated',
  'formal_appeal.warning': 'sla.warning',
  'formal_appeal.overdue': 'sla.breached',
  'formal_appeal.level_two': 'sla.escalated',
};

/** What the consoles hear of a batch of steps: the step on each ticket, and each notification it made. */
function stepEvents(step: EngineStep, batch: StepBatch): LiveEvent[] {
  const kind = STEP_LIVE_KIND[step];
  return [
    ...batch.taken.map((t): LiveEvent => ({
      kind,
      ticketId: t.ticketId,
      scopes: [{ districtId: t.districtId, departmentId: t.departmentId, assigneeId: t.assigneeId }],
    })),
    ...batch.notified.map((n): LiveEvent => ({ kind: 'notification.created', ticketId: n.ticketId, userId: n.userId })),
  ];
}
