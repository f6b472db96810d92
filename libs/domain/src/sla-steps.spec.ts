import { pendingStepInstants, pendingSteps, SLA_STEP_RULES, stepPending, type SlaInstantField, type SlaStepFields } from './sla-steps.js';
import type { EngineStep } from './ticket-events.js';

const at = (minute: number) => new Date(Date.UTC(2026, 2, 2, 9, minute));
const DUE: Partial<Record<SlaInstantField, Date>> = {
  firstResponseWarningAt: at(1),
  firstResponseDueAt: at(2),
  resolutionWarningAt: at(3),
  resolutionDueAt: at(4),
};
const APPEAL: Partial<Record<SlaInstantField, Date>> = {
  formalAppealRegisteredAt: at(0),
  formalAppealWarningAt: at(5),
  formalAppealDueAt: at(6),
  formalAppealLevelTwoDueAt: at(7),
};

const FIELDS = [...new Set(Object.values(SLA_STEP_RULES).flatMap((r) => [r.due, r.stamps, ...(r.stoppedBy ?? [])]))];
/** An assigned ticket with its SLA instants set and nothing taken, changed by `over`. */
function ticket(over: Partial<SlaStepFields> = {}): SlaStepFields {
  const none = Object.fromEntries([...FIELDS, 'slaPausedSince', 'formalAppealRegisteredAt'].map((f) => [f, null])) as Record<SlaInstantField, null>;
  return { ...none, ...DUE, status: 'assigned', escalationLevel: 0, ...over };
}
const SLA_LADDER: EngineStep[] = ['first_response.warning', 'resolution.warning', 'first_response.breach', 'resolution.breach'];
const APPEAL_LADDER: EngineStep[] = ['formal_appeal.warning', 'formal_appeal.overdue'];

describe('SLA steps', () => {
  it('has a fresh ticket owe its warnings and breaches, not level two', () => {
    expect(pendingSteps(ticket())).toEqual(SLA_LADDER);
  });

  it('stops the SLA clocks while paused and in a final status', () => {
    expect(pendingSteps(ticket({ slaPausedSince: at(0) }))).toEqual([]);
    for (const status of ['closed', 'rejected', 'merged'] as const) expect(pendingSteps(ticket({ status }))).toEqual([]);
    expect(pendingSteps(ticket({ status: 'resolved' }))).toEqual(SLA_LADDER);
  });

  it('stops a clock when it is met, and a warning once its breach is taken', () => {
    expect(pendingSteps(ticket({ firstResponseAt: at(1) }))).toEqual(['resolution.warning', 'resolution.breach']);
    expect(pendingSteps(ticket({ firstResponseWarnedAt: at(1) }))).toEqual(['resolution.warning', 'first_response.breach', 'resolution.breach']);
    expect(stepPending('first_response.warning', ticket({ firstResponseBreachedAt: at(2) }))).toBe(false);
  });

  it('escalates to level two while a breached clock is still unmet', () => {
    const breached = { escalationLevel: 1, firstResponseBreachedAt: at(2), levelTwoDueAt: at(9) };
    expect(stepPending('level_two', ticket(breached))).toBe(true);
    expect(stepPending('level_two', ticket({ ...breached, firstResponseAt: at(8) }))).toBe(false);
    expect(stepPending('level_two', ticket({ ...breached, firstResponseAt: at(8), resolutionBreachedAt: at(4) }))).toBe(true);
    expect(stepPending('level_two', ticket({ ...breached, escalationLevel: 2 }))).toBe(false);
    expect(stepPending('level_two', ticket({ ...breached, slaPausedSince: at(8) }))).toBe(false);
  });

  it("runs a formal appeal's clock through pauses and closing, until it is answered or the ticket merged", () => {
    expect(pendingSteps(ticket({ ...APPEAL }))).toEqual([...SLA_LADDER, ...APPEAL_LADDER]);
    expect(pendingSteps(ticket({ ...APPEAL, status: 'closed' }))).toEqual(APPEAL_LADDER);
    expect(pendingSteps(ticket({ ...APPEAL, slaPausedSince: at(0) }))).toEqual(APPEAL_LADDER);
    expect(pendingSteps(ticket({ ...APPEAL, status: 'merged' }))).toEqual([]);
    expect(pendingSteps(ticket({ ...APPEAL, status: 'closed', formalAppealAnsweredAt: at(1) }))).toEqual([]);
  });

  it("takes an appeal's level two only once it is overdue", () => {
    expect(stepPending('formal_appeal.level_two', ticket({ ...APPEAL }))).toBe(false);
    expect(pendingSteps(ticket({ ...APPEAL, status: 'closed', formalAppealBreachedAt: at(6) }))).toEqual(['formal_appeal.level_two']);
    expect(stepPending('formal_appeal.level_two', ticket({ ...APPEAL, formalAppealBreachedAt: at(6), formalAppealEscalatedAt: at(7) }))).toBe(false);
  });

  describe('the instants the ticket needs timers at', () => {
    const ms = (...minutes: number[]) => minutes.map((m) => at(m).getTime());

    it('are the due instants of its pending steps, once each', () => {
      expect(pendingStepInstants(ticket())).toEqual(ms(1, 3, 2, 4));
      expect(pendingStepInstants(ticket({ resolutionWarningAt: at(1) }))).toEqual(ms(1, 2, 4));
      expect(pendingStepInstants(ticket({ firstResponseAt: at(1), resolvedAt: at(2) }))).toEqual([]);
    });

    it("include an appeal's level two while its overdue step is still to come, and leave out instants not set", () => {
      expect(pendingStepInstants(ticket({ ...APPEAL, status: 'closed' }))).toEqual(ms(5, 6, 7));
      expect(pendingStepInstants(ticket({ ...APPEAL, status: 'closed', formalAppealLevelTwoDueAt: null }))).toEqual(ms(5, 6));
      expect(pendingStepInstants(ticket({ escalationLevel: 1, firstResponseBreachedAt: at(2), levelTwoDueAt: at(9) }))).toEqual(ms(3, 4, 9));
    });
  });
});
