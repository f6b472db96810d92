import { outcomeShare } from './resolution-outcomes.js';
import { nearestRank } from './sla-figures.js';
import type { WorkingClock } from './sla-clock.js';
import { NOT_ACTIONABLE_STATUSES, RESOLVED_STATUSES, type TicketStatus } from './ticket-status.js';

/** What the public scorecard reads of a ticket: nothing that names or quotes anybody. */
export interface ScorecardTicket {
  status: TicketStatus;
  receivedAt: Date;
  firstResponseAt: Date | null;
  /** The resident's verdict state. */
  confirmation: string;
}

/** A district akimat's month, as residents see it (issue 16). Shares are of the comments that needed an answer (not spam, not duplicates). */
export interface PublicScorecardFigures {
  /** Every comment and appeal received in the month. */
  received: number;
  /** Answered publicly by the end of one working day after it was written (national calendar, office hours in Almaty). */
  answeredWithinOneWorkingDayShare: number | null;
  /** Wall-clock time from the comment to the first public answer, nearest-rank median of those answered. */
  firstResponseMedianSeconds: number | null;
  resolvedShare: number | null;
  confirmedByResidentsShare: number | null;
}

export function publicScorecardFigures(tickets: readonly ScorecardTicket[], calendar: WorkingClock): PublicScorecardFigures {
  const actionable = tickets.filter((t) => !NOT_ACTIONABLE_STATUSES.includes(t.status));
  const answered = actionable.filter((t): t is ScorecardTicket & { firstResponseAt: Date } => t.firstResponseAt !== null);
  const inTime = answered.filter((t) => t.firstResponseAt.getTime() <= calendar.add(t.receivedAt, 'P1D').getTime()).length;
  const waits = Float64Array.from(answered.map((t) => Math.max(0, Math.round((t.firstResponseAt.getTime() - t.receivedAt.getTime()) / 1000)))).sort();
  return {
    received: tickets.length,
    answeredWithinOneWorkingDayShare: outcomeShare(inTime, actionable.length),
    firstResponseMedianSeconds: nearestRank(waits, 50),
    resolvedShare: outcomeShare(actionable.filter((t) => RESOLVED_STATUSES.includes(t.status)).length, actionable.length),
    confirmedByResidentsShare: outcomeShare(actionable.filter((t) => t.confirmation === 'confirmed').length, actionable.length),
  };
}
