import { Injectable, Logger } from '@nestjs/common';
import { SLA_STEPS, SlaRepository, TicketsRepository, type SlaSnapshot, type SlaStep, type StepTaken, type TicketEntity } from '@app/database';
import { levelTwoAt, slaSchedule, slaState, type TicketCriteria } from '@app/domain';
import { QueueName, QueueProducer, jobIds } from '@app/queues';
import { SlaClocks, type PolicyClock } from './sla-clocks.js';

export type SlaTimingFields = Pick<
  TicketEntity,
  'slaPolicyId' | 'firstResponseDueAt' | 'resolutionDueAt' | 'firstResponseWarningAt' | 'resolutionWarningAt'
>;

const STOPPED = new Set(['closed', 'rejected', 'merged']);

const passed = (d: Date | null, now: number): boolean => d !== null && d.getTime() <= now;

/**
 * The steps worth trying, judged from a snapshot read just before: an UPDATE per step that cannot
 * match would cost a round trip each. The conditional UPDATE stays the guard against doing a step
 * twice; a step skipped here by a stale snapshot is caught by the next timer or the sweep.
 */
function dueSteps(t: SlaSnapshot, now: number): SlaStep[] {
  if (STOPPED.has(t.status) || t.slaPausedSince) return [];
  const firstOpen = !t.firstResponseAt && !t.firstResponseBreachedAt;
  const resolutionOpen = !t.resolvedAt && !t.resolutionBreachedAt;
  const wanted: Record<SlaStep, boolean> = {
    'first_response.warning': firstOpen && !t.firstResponseWarnedAt && passed(t.firstResponseWarningAt, now),
    'resolution.warning': resolutionOpen && !t.resolutionWarnedAt && passed(t.resolutionWarningAt, now),
    'first_response.breach': firstOpen && passed(t.firstResponseDueAt, now),
    'resolution.breach': resolutionOpen && passed(t.resolutionDueAt, now),
    level_two: false,
  };
  // Level two may become due in this very transaction, right after a breach sets its instant.
  wanted.level_two = t.escalationLevel === 2 ? false : t.escalationLevel === 1 ? passed(t.levelTwoDueAt, now) : wanted['first_response.breach'] || wanted['resolution.breach'];
  return SLA_STEPS.filter((step) => wanted[step]);
}
const RETIMING_FIELDS = ['categoryCode', 'priority', 'channel'] as const;

/**
 * The SLA clock of every ticket: timing at intake, pauses, re-timing, and the escalation ladder.
 * PostgreSQL holds every instant and every step taken; Redis only holds timers that wake `advance`.
 */
@Injectable()
export class SlaService {
  private readonly logger = new Logger(SlaService.name);

  constructor(
    private readonly clocks: SlaClocks,
    private readonly sla: SlaRepository,
    private readonly tickets: TicketsRepository,
    private readonly queues: QueueProducer,
  ) {}

  /** Due and warning instants for a ticket, from the policy that matches it now. */
  async timing(t: TicketCriteria & Pick<TicketEntity, 'receivedAt' | 'slaPausedSeconds'>): Promise<SlaTimingFields> {
    return this.timingWith(await this.clocks.forTicket(t), t.receivedAt, t.slaPausedSeconds);
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
   * Takes every step of the ticket that is due now, each at most once (conditional updates), and
   * records its event and notifications in the same transaction. Safe to call any number of times.
   */
  async advance(ticketId: string): Promise<StepTaken[]> {
    const ticket = await this.sla.snapshot(ticketId);
    if (!ticket?.slaPolicyId) return [];
    const candidates = dueSteps(ticket, Date.now());
    if (!candidates.length) return [];
    const { policy, clock } = await this.clocks.byId(ticket.slaPolicyId, ticket);
    const taken: StepTaken[] = [];
    for (const step of candidates) {
      const due = step === 'first_response.breach' ? ticket.firstResponseDueAt : step === 'resolution.breach' ? ticket.resolutionDueAt : null;
      const result = await this.sla.takeStep(ticketId, step, due ? levelTwoAt(clock, due, policy.escalateAfter) : null);
      if (result) taken.push(result);
    }
    await this.queues.deliverNotifications(taken.flatMap((t) => t.notificationIds));
    const levelTwo = taken.find((t) => t.step.endsWith('.breach'))?.levelTwoDueAt;
    if (levelTwo) await this.wakeAt(ticketId, [levelTwo.getTime()]);
    return taken;
  }

  /** Applies what no timer applied: the database, not Redis, is the source of truth. */
  async sweep(limit = 1000): Promise<number> {
    const ids = await this.sla.overdue(limit);
    let steps = 0;
    for (const id of ids) steps += (await this.advance(id)).length;
    if (steps) this.logger.warn(`sweep applied ${steps} overdue SLA step(s) on ${ids.length} ticket(s)`);
    return steps;
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
    if (STOPPED.has(t.status) || t.slaPausedSince) return [];
    const firstOpen = !t.firstResponseAt && !t.firstResponseBreachedAt;
    const resolutionOpen = !t.resolvedAt && !t.resolutionBreachedAt;
    const instants = [
      firstOpen && !t.firstResponseWarnedAt ? t.firstResponseWarningAt : null,
      firstOpen ? t.firstResponseDueAt : null,
      resolutionOpen && !t.resolutionWarnedAt ? t.resolutionWarningAt : null,
      resolutionOpen ? t.resolutionDueAt : null,
      t.escalationLevel === 1 ? t.levelTwoDueAt : null,
    ];
    return [...new Set(instants.filter((d): d is Date => d !== null).map((d) => d.getTime()))];
  }

  /**
   * Moves the ticket's timers from the instants it had to the ones it has now: timers of a
   * re-timed or met clock are dropped, new ones set. A timer that fires anyway does nothing.
   */
  async reschedule(ticketId: string, before: number[], after: number[]): Promise<void> {
    const stale = before.filter((at) => !after.includes(at));
    const fresh = after.filter((at) => !before.includes(at));
    if (stale.length) await this.queues.removeJobs(QueueName.sla, stale.map((at) => jobIds.slaAdvance(ticketId, new Date(at))));
    await this.wakeAt(ticketId, fresh);
  }

  invalidate(): void {
    this.clocks.invalidate();
  }

  private async retimeOne(id: string): Promise<boolean> {
    let timers: number[] = [];
    const result = await this.tickets.transaction(async (m) => {
      const t = await this.tickets.lockInScope(m, { kind: 'all' }, id);
      if (!t || STOPPED.has(t.status)) return null;
      timers = this.pendingInstants(t);
      const timing = await this.timing(t);
      const moved = (['slaPolicyId', 'firstResponseDueAt', 'resolutionDueAt', 'firstResponseWarningAt', 'resolutionWarningAt'] as const).some(
        (k) => String(timing[k]) !== String(t[k]),
      );
      if (!moved) return null;
      const before = { policyId: t.slaPolicyId, firstResponseDueAt: t.firstResponseDueAt, resolutionDueAt: t.resolutionDueAt };
      await this.tickets.update(m, t, { ...timing, slaState: this.stateOf({ ...t, ...timing }) });
      await this.tickets.appendEvents(m, [
        { ticketId: id, type: 'sla.timed', payload: { before, after: { policyId: timing.slaPolicyId, firstResponseDueAt: timing.firstResponseDueAt, resolutionDueAt: timing.resolutionDueAt } } },
      ]);
      return t;
    });
    if (result) await this.reschedule(id, timers, this.pendingInstants(result));
    return result !== null;
  }

  private timingWith({ policy, clock }: PolicyClock, receivedAt: Date, pausedSeconds: number): SlaTimingFields {
    const s = slaSchedule(clock, policy, receivedAt, pausedSeconds);
    return { slaPolicyId: policy.id, ...s };
  }

  private stateOf(t: TicketEntity) {
    return slaState({
      paused: t.slaPausedSince !== null,
      stopped: STOPPED.has(t.status),
      firstResponseAt: t.firstResponseAt,
      resolvedAt: t.resolvedAt,
      firstResponseBreachedAt: t.firstResponseBreachedAt,
      resolutionBreachedAt: t.resolutionBreachedAt,
      warned: Boolean((t.firstResponseWarnedAt && !t.firstResponseAt) || (t.resolutionWarnedAt && !t.resolvedAt)),
    });
  }

  private async wakeAt(ticketId: string, instants: number[]): Promise<void> {
    const now = Date.now();
    for (const at of instants) {
      await this.queues.enqueueOrDefer(QueueName.sla, 'sla.advance', { ticketId }, { jobId: jobIds.slaAdvance(ticketId, new Date(at)), delayMs: Math.max(0, at - now) });
    }
  }
}
