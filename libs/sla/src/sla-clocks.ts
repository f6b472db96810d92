import { Injectable } from '@nestjs/common';
import { SlaRepository, type SlaPolicyEntity } from '@app/database';
import { BusinessCalendar, DomainError, ROUND_THE_CLOCK, pickPolicy, type TicketCriteria, type WorkingClock } from '@app/domain';

export interface PolicyClock {
  policy: SlaPolicyEntity;
  clock: WorkingClock;
}

/** Policies and calendars change rarely and are read on every ticket write: kept briefly in memory. */
const TTL_MS = 2000;

@Injectable()
export class SlaClocks {
  private cache?: { loadedAt: number; policies: SlaPolicyEntity[]; clocks: Map<string, WorkingClock> };
  /** Bumped by `invalidate`: a load that began before a change must not cache what it read. */
  private generation = 0;

  constructor(private readonly sla: SlaRepository) {}

  /** Forget what is cached: after this process changed a policy or calendar, or before re-timing. */
  invalidate(): void {
    this.cache = undefined;
    this.generation++;
  }

  /** The policy that governs a ticket now (the most specific match) and its clock. */
  async forTicket(t: TicketCriteria): Promise<PolicyClock> {
    const { policies } = await this.load();
    const policy = pickPolicy(policies, t);
    if (!policy) throw new DomainError('conflict', 'no SLA policy matches and no default policy exists');
    return { policy, clock: await this.clockOf(policy) };
  }

  /** The policy a ticket was timed with, or the current match if that policy was deleted. */
  async byId(policyId: string | null, t: TicketCriteria): Promise<PolicyClock> {
    return (policyId ? await this.policyClock(policyId) : null) ?? this.forTicket(t);
  }

  /** A policy by id with its clock; null if it was deleted. */
  async policyClock(policyId: string): Promise<PolicyClock | null> {
    const policy = (await this.load()).policies.find((p) => p.id === policyId);
    return policy ? { policy, clock: await this.clockOf(policy) } : null;
  }

  private async clockOf(policy: SlaPolicyEntity): Promise<WorkingClock> {
    if (!policy.calendarId) return ROUND_THE_CLOCK;
    const clock = (await this.load()).clocks.get(policy.calendarId);
    return clock ?? ROUND_THE_CLOCK;
  }

  private async load() {
    if (this.cache && Date.now() - this.cache.loadedAt < TTL_MS) return this.cache;
    const generation = this.generation;
    const startedAt = Date.now();
    const [policies, calendars, national] = await Promise.all([this.sla.policies(), this.sla.calendars(), this.sla.nationalCalendar()]);
    const clocks = new Map<string, WorkingClock>(
      calendars.map((c) => [
        c.id,
        new BusinessCalendar({ timeZone: c.timeZone, workingHours: c.workingHours, holidays: c.holidays, exceptions: c.exceptions }, national),
      ]),
    );
    const loaded = { loadedAt: startedAt, policies, clocks };
    // A sweep's load may still be in flight when a re-timing invalidates: caching its (older) rows
    // would let the re-timing read the old policies and move nothing.
    if (generation === this.generation) this.cache = loaded;
    return loaded;
  }
}
