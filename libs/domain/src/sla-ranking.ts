import { resolutionRate, unionPercentile } from './sla-figures.js';

/**
 * What the governor's ranking counts for one district akimat or department in one period. Rates
 * come with the counts they divide so a reader (and a printed copy) can see how many tickets a
 * percentage stands for.
 */
export interface RankingCell {
  received: number;
  rejected: number;
  merged: number;
  resolved: number;
  /** Tickets whose first-response deadline has been decided: answered (in time or late), or still unanswered past it. */
  answerDue: number;
  /** Answered at or before the first-response deadline. */
  answeredInTime: number;
  /** Business seconds to the first response of each answered ticket, sorted. */
  businessSeconds: ArrayLike<number>;
}

export interface RankingFigures {
  received: number;
  answerDue: number;
  answeredInTime: number;
  /** answeredInTime / answerDue, 4 decimals; null when no deadline has come yet. */
  answeredInTimeRate: number | null;
  responded: number;
  /** Nearest-rank median of the business (working) seconds to the first response. */
  firstResponseMedianSeconds: number | null;
  /** Received less rejected and merged: the tickets that needed resolving. */
  actionable: number;
  resolved: number;
  resolutionRate: number | null;
}

const round4 = (x: number): number => Math.round(x * 10_000) / 10_000;

/** The figures of the union of some cells (percentiles over the union of times, never averaged). */
export function rankingFigures(cells: readonly RankingCell[]): RankingFigures {
  const sum = (key: 'received' | 'rejected' | 'merged' | 'resolved' | 'answerDue' | 'answeredInTime') => cells.reduce((n, c) => n + c[key], 0);
  const [received, rejected, merged, resolved, answerDue, answeredInTime] = [
    sum('received'),
    sum('rejected'),
    sum('merged'),
    sum('resolved'),
    sum('answerDue'),
    sum('answeredInTime'),
  ];
  const lists = cells.map((c) => c.businessSeconds);
  return {
    received,
    answerDue,
    answeredInTime,
    answeredInTimeRate: answerDue > 0 ? round4(answeredInTime / answerDue) : null,
    responded: lists.reduce((n, l) => n + l.length, 0),
    firstResponseMedianSeconds: unionPercentile(lists, 50),
    actionable: received - rejected - merged,
    resolved,
    resolutionRate: resolutionRate(resolved, received, rejected, merged),
  };
}

/** Current minus previous of a rate, in fractions (0.12 = 12 percentage points); null when either is unknown. */
export function rateChange(current: number | null, previous: number | null): number | null {
  return current === null || previous === null ? null : round4(current - previous);
}

/**
 * Worst first by the share answered in time; at equal rates, the one that left more residents
 * waiting past the deadline first; groups without any deadline yet go last (nothing to judge).
 */
export function byWorstRate(a: RankingFigures, b: RankingFigures): number {
  if ((a.answeredInTimeRate === null) !== (b.answeredInTimeRate === null)) return a.answeredInTimeRate === null ? 1 : -1;
  const rate = (a.answeredInTimeRate ?? 0) - (b.answeredInTimeRate ?? 0);
  if (rate !== 0) return rate;
  return b.answerDue - b.answeredInTime - (a.answerDue - a.answeredInTime);
}

/** The period of equal length just before [from, to): what a trend compares with. */
export function previousPeriodOf(period: { from: Date; to: Date }): { from: Date; to: Date } {
  const length = period.to.getTime() - period.from.getTime();
  return { from: new Date(period.from.getTime() - length), to: period.from };
}
