/**
 * Issue 16: what a group's resolutions amounted to for the residents, and how its formal appeals
 * kept the law's clock. Counted from the tickets received in the period, like the SLA figures, and
 * reported beside them (the SLA figures themselves are unchanged).
 */
export interface OutcomeCell {
  received: number;
  rejected: number;
  merged: number;
  /** Resident verdicts as they stand now (a disputed ticket resolved again and confirmed counts as confirmed). */
  confirmed: number;
  disputed: number;
  unanswered: number;
  /** Asked and still waiting for the resident (within the window). */
  awaitingVerdict: number;
  formalAppeals: number;
  /** Answered after the legal due instant (the extended one, if extended). */
  formalAppealsAnsweredLate: number;
  /** Not answered and past the due instant now. */
  formalAppealsOverdue: number;
  formalAppealExtensions: number;
}

export interface OutcomeFigures {
  confirmed: number;
  disputed: number;
  unanswered: number;
  awaitingVerdict: number;
  /** Confirmed by the resident among the tickets that needed resolving (the resolution rate's denominator); null when none did. */
  confirmedResolutionRate: number | null;
  formalAppeals: number;
  formalAppealsAnsweredLate: number;
  formalAppealsOverdue: number;
  formalAppealExtensions: number;
}

export const OUTCOME_FIGURE_KEYS: ReadonlyArray<keyof OutcomeFigures> = [
  'confirmed',
  'disputed',
  'unanswered',
  'awaitingVerdict',
  'confirmedResolutionRate',
  'formalAppeals',
  'formalAppealsAnsweredLate',
  'formalAppealsOverdue',
  'formalAppealExtensions',
];

/**
 * The verdict figures every report row carries beside its resolution rate (each district, department
 * and total row of the SLA report, the scorecard and the ranking), taken from the row's outcome figures.
 */
export const VERDICT_FIGURE_KEYS = ['confirmed', 'disputed', 'confirmedResolutionRate'] as const;
export type VerdictFigures = Pick<OutcomeFigures, (typeof VERDICT_FIGURE_KEYS)[number]>;

export function verdictFigures(f: OutcomeFigures): VerdictFigures {
  return { confirmed: f.confirmed, disputed: f.disputed, confirmedResolutionRate: f.confirmedResolutionRate };
}

/** A share rounded to four places, null when there is nothing to share out. */
export function outcomeShare(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null;
}

/** The figures of the union of some cells. */
export function outcomeFigures(cells: readonly OutcomeCell[]): OutcomeFigures {
  const sum = (k: keyof OutcomeCell) => cells.reduce((n, c) => n + c[k], 0);
  const actionable = sum('received') - sum('rejected') - sum('merged');
  return {
    confirmed: sum('confirmed'),
    disputed: sum('disputed'),
    unanswered: sum('unanswered'),
    awaitingVerdict: sum('awaitingVerdict'),
    confirmedResolutionRate: outcomeShare(sum('confirmed'), actionable),
    formalAppeals: sum('formalAppeals'),
    formalAppealsAnsweredLate: sum('formalAppealsAnsweredLate'),
    formalAppealsOverdue: sum('formalAppealsOverdue'),
    formalAppealExtensions: sum('formalAppealExtensions'),
  };
}
