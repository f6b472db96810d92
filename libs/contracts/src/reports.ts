import type { OutcomeFigures, RankingFigures, ReportGroupBy, SlaFigureKey, SlaFigures, SlaStepPayload, TicketStatus, VerdictFigures } from '@app/domain';

// The reports' JSON (GET /reports/*): instants are already strings in the report's time zone.

/** A district, department, category or user as a report names it. */
export interface ReportLabel {
  id: string;
  code: string;
  nameKk: string;
  nameRu: string;
}

/** Whose tickets a report counts, with names so that a printed copy says it. */
export type ReportScopeView =
  { kind: 'all' } | { kind: 'districts'; districts: ReportLabel[]; includesUnknownDistrict: true } | { kind: 'department'; department: ReportLabel | null };

export interface ReportHeader<Name extends string, Filters> {
  report: Name;
  timeZone: string;
  generatedAt: string;
  scope: ReportScopeView;
  filters: Filters;
  /** Which clock each duration is measured on. */
  clocks: Partial<Record<SlaFigureKey, string>>;
}

export interface GroupLabel {
  groupId: string | null;
  groupCode: string | null;
  groupNameKk: string;
  groupNameRu: string;
}

/** Each row (and the total) carries its residents' verdicts beside its figures: the same numbers as in `resolutionOutcomes`. */
export type SlaRow = GroupLabel & SlaFigures & VerdictFigures;

export interface SlaReport extends ReportHeader<'sla', { from: string; to: string; groupBy: ReportGroupBy }> {
  rows: SlaRow[];
  total: SlaRow;
  /** Issue 16: the residents' verdicts and the formal appeals of the same groups, beside the SLA rows (which are unchanged). */
  resolutionOutcomes: { rows: OutcomeRow[]; total: OutcomeRow };
}

/** Issue 16: one group's residents' verdicts and formal appeals. */
export type OutcomeRow = GroupLabel & OutcomeFigures;

/** The clock a breach is of (a formal appeal's is reported apart). */
export type BreachClock = Exclude<SlaStepPayload['clock'], 'formal_appeal' | null>;

export interface BreachView {
  ticketId: string;
  reference: string;
  clock: BreachClock;
  districtId: string | null;
  districtNameKk: string | null;
  districtNameRu: string | null;
  departmentId: string | null;
  departmentNameKk: string | null;
  departmentNameRu: string | null;
  assigneeAtBreachId: string | null;
  assigneeAtBreachName: string | null;
  dueAt: string;
  stoppedAt: string | null;
  lateSeconds: number;
  status: TicketStatus;
  escalationLevel: number;
}

export interface BreachesReport extends ReportHeader<'breaches', { from: string; to: string; districtId: string | null; departmentId: string | null }> {
  items: BreachView[];
}

/** The verdicts are the month's (`current`), not compared with the month before. */
export type MonthlyRow = GroupLabel & { current: SlaFigures; previous: SlaFigures; change: Record<SlaFigureKey, number | null> } & VerdictFigures;

export interface SilentPageView {
  pageId: string;
  title: string;
  channel: string;
  districtId: string | null;
  districtNameKk: string | null;
  districtNameRu: string | null;
  comments: number;
  firstCommentAt: string;
  lastCommentAt: string;
}

export interface MonthlyReport extends ReportHeader<'monthly', { month: string; from: string; to: string; previousMonth: string }> {
  districts: MonthlyRow[];
  departments: MonthlyRow[];
  total: MonthlyRow;
  worstOverdue: BreachView[];
  silentPages: SilentPageView[];
  /** Issue 16: the month's residents' verdicts and formal appeals per district akimat and department. */
  resolutionOutcomes: { districts: OutcomeRow[]; departments: OutcomeRow[]; total: OutcomeRow };
}

/** A district akimat or department in the governor's ranking: the period against the one before it (the residents' verdicts: the period's only). */
export type RankingRow = GroupLabel & {
  current: RankingFigures;
  previous: RankingFigures;
  /** Current minus previous rate, in fractions (0.12 = 12 percentage points). */
  change: { answeredInTimeRate: number | null; resolutionRate: number | null };
  /** Open tickets past a deadline right now, whenever they were received. */
  overdueNow: number;
} & VerdictFigures;

export interface RankingReport extends ReportHeader<
  'ranking',
  { from: string; to: string; month: string | null; previousFrom: string; previousTo: string; groupBy: 'district' | 'department' }
> {
  /** Worst first by the share answered in time. */
  rows: RankingRow[];
  total: RankingRow;
}
