import type { EngineStep, SlaStepPayload } from './ticket-events.js';
import { FINAL_STATUSES, type TicketStatus } from './ticket-status.js';

/** A ticket's instants that the SLA steps read: when each is due, taken, met or stopped. */
export type SlaInstantField =
  | 'slaPausedSince'
  | 'firstResponseAt'
  | 'resolvedAt'
  | 'firstResponseWarningAt'
  | 'firstResponseWarnedAt'
  | 'firstResponseDueAt'
  | 'firstResponseBreachedAt'
  | 'resolutionWarningAt'
  | 'resolutionWarnedAt'
  | 'resolutionDueAt'
  | 'resolutionBreachedAt'
  | 'levelTwoDueAt'
  | 'escalatedAt'
  | 'formalAppealRegisteredAt'
  | 'formalAppealAnsweredAt'
  | 'formalAppealWarningAt'
  | 'formalAppealWarnedAt'
  | 'formalAppealDueAt'
  | 'formalAppealBreachedAt'
  | 'formalAppealLevelTwoDueAt'
  | 'formalAppealEscalatedAt';

/** What the SLA steps read of a ticket (a stored ticket has all of it). */
export type SlaStepFields = { status: TicketStatus; escalationLevel: number } & Readonly<Record<SlaInstantField, Date | null>>;

/** The clocks a step runs under: the SLA's (first response, resolution, level two) or a formal appeal's legal one. */
export type ClockFamily = 'sla' | 'formal_appeal';

export interface ClockFamilyRule {
  /** Set once the clock has started (unless it runs from the ticket's receipt). */
  startedBy?: SlaInstantField;
  /** The statuses in which the clock no longer runs. */
  stoppedIn: readonly TicketStatus[];
  /** Set while the clock is paused. */
  pausedBy?: SlaInstantField;
}

export const CLOCK_FAMILIES: Readonly<Record<ClockFamily, ClockFamilyRule>> = {
  // Closing, rejecting or merging stops a ticket's SLA clocks, waiting for the resident pauses them.
  sla: { stoppedIn: FINAL_STATUSES, pausedBy: 'slaPausedSince' },
  // The law's clock runs from the appeal's registration through pauses and closing: only the answer
  // (each step's stop) or merging the ticket away stops it.
  formal_appeal: { startedBy: 'formalAppealRegisteredAt', stoppedIn: ['merged'] },
};

export interface SlaStepRule {
  family: ClockFamily;
  /** The clock its event names; null for level two, which follows a breach of either clock. */
  clock: SlaStepPayload['clock'];
  /** The instant the step falls due at. */
  due: SlaInstantField;
  /** The instant taking the step stamps: unset until it is taken. */
  stamps: SlaInstantField;
  /**
   * Level two is still to take while the ticket is at this escalation level (breached, not yet
   * escalated) rather than while `stamps` is unset: the level is what its partial index names.
   */
  untakenAtLevel?: number;
  /** Any of these set stops the step: its clock met, or a breach making a warning moot. */
  stoppedBy?: readonly SlaInstantField[];
  /** The earlier steps it follows: it is due only once one of them is taken and that one's clock still runs. */
  follows?: readonly EngineStep[];
}

/** Every step of the engine: when it is due, what marks it taken, what stops it, which clock it runs on. */
export const SLA_STEP_RULES: Readonly<Record<EngineStep, SlaStepRule>> = {
  'first_response.warning': {
    family: 'sla',
    clock: 'first_response',
    due: 'firstResponseWarningAt',
    stamps: 'firstResponseWarnedAt',
    stoppedBy: ['firstResponseAt', 'firstResponseBreachedAt'],
  },
  'resolution.warning': {
    family: 'sla',
    clock: 'resolution',
    due: 'resolutionWarningAt',
    stamps: 'resolutionWarnedAt',
    stoppedBy: ['resolvedAt', 'resolutionBreachedAt'],
  },
  'first_response.breach': {
    family: 'sla',
    clock: 'first_response',
    due: 'firstResponseDueAt',
    stamps: 'firstResponseBreachedAt',
    stoppedBy: ['firstResponseAt'],
  },
  'resolution.breach': { family: 'sla', clock: 'resolution', due: 'resolutionDueAt', stamps: 'resolutionBreachedAt', stoppedBy: ['resolvedAt'] },
  // Level two only while a breached clock is still unmet.
  level_two: {
    family: 'sla',
    clock: null,
    due: 'levelTwoDueAt',
    stamps: 'escalatedAt',
    untakenAtLevel: 1,
    follows: ['first_response.breach', 'resolution.breach'],
  },
  'formal_appeal.warning': {
    family: 'formal_appeal',
    clock: 'formal_appeal',
    due: 'formalAppealWarningAt',
    stamps: 'formalAppealWarnedAt',
    stoppedBy: ['formalAppealAnsweredAt', 'formalAppealBreachedAt'],
  },
  'formal_appeal.overdue': {
    family: 'formal_appeal',
    clock: 'formal_appeal',
    due: 'formalAppealDueAt',
    stamps: 'formalAppealBreachedAt',
    stoppedBy: ['formalAppealAnsweredAt'],
  },
  'formal_appeal.level_two': {
    family: 'formal_appeal',
    clock: 'formal_appeal',
    due: 'formalAppealLevelTwoDueAt',
    stamps: 'formalAppealEscalatedAt',
    follows: ['formal_appeal.overdue'],
  },
};

/** The rules as conditions on a ticket's fields, from which both `stepPending` and the repositories' SQL are made. */
export type TicketCondition =
  | { field: SlaInstantField; set: boolean }
  | { field: 'status'; notIn: readonly TicketStatus[] }
  | { field: 'escalationLevel'; equals: number }
  | { anyOf: ReadonlyArray<readonly TicketCondition[]> };

const unset = (field: SlaInstantField): TicketCondition => ({ field, set: false });

/** While a family's clock runs on a ticket. */
export function clockRunningConditions(family: ClockFamily): TicketCondition[] {
  const { startedBy, stoppedIn, pausedBy } = CLOCK_FAMILIES[family];
  return [...(startedBy ? [{ field: startedBy, set: true }] : []), { field: 'status', notIn: stoppedIn }, ...(pausedBy ? [unset(pausedBy)] : [])];
}

/** Not taken yet and not stopped, whatever the steps it follows. */
function ownConditions(rule: SlaStepRule): TicketCondition[] {
  const untaken: TicketCondition = rule.untakenAtLevel === undefined ? unset(rule.stamps) : { field: 'escalationLevel', equals: rule.untakenAtLevel };
  return [untaken, ...(rule.stoppedBy ?? []).map(unset)];
}

/**
 * While a step is still to be taken (its clock running aside, `clockRunningConditions` of its
 * family): not taken, not stopped, and a step it follows taken with that one's clock still running.
 * It is due once its `due` instant has come.
 */
export function stepPendingConditions(step: EngineStep): TicketCondition[] {
  const rule = SLA_STEP_RULES[step];
  const follows = (rule.follows ?? []).map((f): TicketCondition[] => {
    const earlier = SLA_STEP_RULES[f];
    return [{ field: earlier.stamps, set: true }, ...(earlier.stoppedBy ?? []).map(unset)];
  });
  return [...ownConditions(rule), ...(follows.length > 1 ? [{ anyOf: follows }] : (follows[0] ?? []))];
}

export function conditionsHold(conditions: readonly TicketCondition[], t: SlaStepFields): boolean {
  return conditions.every((c) => {
    if ('anyOf' in c) return c.anyOf.some((all) => conditionsHold(all, t));
    if (c.field === 'status') return !c.notIn.includes(t.status);
    if (c.field === 'escalationLevel') return t.escalationLevel === c.equals;
    return (t[c.field] != null) === c.set;
  });
}

const STEPS = Object.keys(SLA_STEP_RULES) as EngineStep[];

/** Whether the step is still to be taken on the ticket, due or not (what the engine's SQL selects). */
export function stepPending(step: EngineStep, t: SlaStepFields): boolean {
  return conditionsHold(clockRunningConditions(SLA_STEP_RULES[step].family), t) && conditionsHold(stepPendingConditions(step), t);
}

export function pendingSteps(t: SlaStepFields): EngineStep[] {
  return STEPS.filter((step) => stepPending(step, t));
}

/**
 * The instants (epoch milliseconds) at which the ticket still has a step to take: its live timers.
 * A step that follows a pending one counts too: taking that one at its instant makes it pending, and
 * a timer set now keeps a short ladder on time without waiting for the sweep to plan it.
 */
export function pendingStepInstants(t: SlaStepFields): number[] {
  const pending = new Set(pendingSteps(t));
  const waiting = STEPS.filter((step) => {
    const rule = SLA_STEP_RULES[step];
    return (
      !pending.has(step) &&
      rule.follows?.some((f) => pending.has(f)) &&
      conditionsHold(clockRunningConditions(rule.family), t) &&
      conditionsHold(ownConditions(rule), t)
    );
  });
  const instants = [...pending, ...waiting].map((step) => t[SLA_STEP_RULES[step].due]).filter((d): d is Date => d != null);
  return [...new Set(instants.map((d) => d.getTime()))];
}
