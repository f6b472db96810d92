import type { SlaState } from './ticket-enums.js';

/** What the SLA needs of a calendar: a business calendar or the round-the-clock one. */
export interface WorkingClock {
  add(from: Date, duration: string): Date;
  addWorkingSeconds(from: Date, seconds: number): Date;
  workingSecondsBetween(from: Date, to: Date): number;
}

export interface SlaTargets {
  firstResponse: string;
  resolution: string;
  warningRatio: number;
  escalateAfter: string | null;
}

/** The instants at which something happens to a ticket's SLA. */
export interface SlaSchedule {
  firstResponseDueAt: Date;
  resolutionDueAt: Date;
  firstResponseWarningAt: Date;
  resolutionWarningAt: Date;
}

/**
 * Due and warning instants from the moment the resident wrote (`receivedAt`), shifted by the
 * working time the clock has been paused. Pauses are kept in working seconds of the same clock, so a
 * pause over a weekend shifts nothing that the weekend had not already shifted.
 */
export function slaSchedule(clock: WorkingClock, targets: SlaTargets, receivedAt: Date, pausedSeconds: number): SlaSchedule {
  const due = (target: string) => clock.add(receivedAt, target);
  const warning = (base: Date) => clock.addWorkingSeconds(receivedAt, targets.warningRatio * clock.workingSecondsBetween(receivedAt, base));
  const shift = (d: Date) => (pausedSeconds > 0 ? clock.addWorkingSeconds(d, pausedSeconds) : d);
  const firstBase = due(targets.firstResponse);
  const resolutionBase = due(targets.resolution);
  return {
    firstResponseDueAt: shift(firstBase),
    resolutionDueAt: shift(resolutionBase),
    firstResponseWarningAt: shift(warning(firstBase)),
    resolutionWarningAt: shift(warning(resolutionBase)),
  };
}

/** The instant of escalation to level 2: `escalateAfter` past the breach, on the same clock. */
export function levelTwoAt(clock: WorkingClock, breachedAt: Date, escalateAfter: string | null): Date | null {
  return escalateAfter ? clock.add(breachedAt, escalateAfter) : null;
}

export interface SlaFacts {
  paused: boolean;
  /** Closed, rejected or merged: no clock runs any more. */
  stopped: boolean;
  firstResponseAt: Date | null;
  resolvedAt: Date | null;
  firstResponseBreachedAt: Date | null;
  resolutionBreachedAt: Date | null;
  /** A warning fired for a clock that is still running. */
  warned: boolean;
}

/**
 * The one displayed state. A breach is history and stays visible; `met` means the clocks stopped
 * in time (answered and resolved, or closed without a breach); `paused` shows while waiting for the
 * resident; `warning` while a warned clock still runs.
 */
export function slaState(f: SlaFacts): SlaState {
  if (f.firstResponseBreachedAt || f.resolutionBreachedAt) return 'breached';
  if ((f.resolvedAt && f.firstResponseAt) || f.stopped) return 'met';
  if (f.paused) return 'paused';
  return f.warned ? 'warning' : 'ok';
}
