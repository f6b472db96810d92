import type { BreachRow, ReportGroupBy, ReportLabel, SilentPageRow } from '@app/database';
import { REPORT_TIME_ZONE, formatReportInstant, type OutcomeFigures, type RankingFigures, type SlaFigureKey, type SlaFigures, type VerdictFigures } from '@app/domain';

/** Whose tickets a report counts, with names so that a printed copy says it. */
export type ReportScopeView =
  | { kind: 'all' }
  | { kind: 'districts'; districts: ReportLabel[]; includesUnknownDistrict: true }
  | { kind: 'department'; department: ReportLabel | null };

interface ReportHeader<Name extends string, Filters> {
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

export interface BreachView {
  ticketId: string;
  reference: string;
  clock: BreachRow['clock'];
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
  status: BreachRow['status'];
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

export interface RankingReport
  extends ReportHeader<'ranking', { from: string; to: string; month: string | null; previousFrom: string; previousTo: string; groupBy: 'district' | 'department' }> {
  /** Worst first by the share answered in time. */
  rows: RankingRow[];
  total: RankingRow;
}

/** What a group without that attribute, and the total, are called. */
const NO_GROUP: Record<ReportGroupBy, [kk: string, ru: string]> = {
  district: ['Ауданы анықталмаған', 'Район не определён'],
  department: ['Басқармасы анықталмаған', 'Управление не определено'],
  assignee: ['Орындаушы тағайындалмаған', 'Исполнитель не назначен'],
  category: ['Санаты анықталмаған', 'Категория не определена'],
};

export const TOTAL_LABEL: GroupLabel = { groupId: null, groupCode: null, groupNameKk: 'Барлығы', groupNameRu: 'Итого' };

export const formatInstant = (at: Date): string => formatReportInstant(at, REPORT_TIME_ZONE);

export function groupLabel(groupBy: ReportGroupBy, groupId: string | null, labels: ReadonlyMap<string, ReportLabel>): GroupLabel {
  const label = groupId === null ? undefined : labels.get(groupId);
  if (label) return { groupId, groupCode: label.code, groupNameKk: label.nameKk, groupNameRu: label.nameRu };
  const [kk, ru] = NO_GROUP[groupBy];
  return { groupId, groupCode: null, groupNameKk: kk, groupNameRu: ru };
}

const collator = new Intl.Collator('ru');

/** By Russian name, as printed lists are read; the group without that attribute last. */
export function byName(a: GroupLabel, b: GroupLabel): number {
  if ((a.groupId === null) !== (b.groupId === null)) return a.groupId === null ? 1 : -1;
  return collator.compare(a.groupNameRu, b.groupNameRu) || collator.compare(a.groupCode ?? '', b.groupCode ?? '');
}

export const byId = (labels: readonly ReportLabel[]): Map<string, ReportLabel> => new Map(labels.map((l) => [l.id, l]));

/** A district's or department's names in both languages, null when there is none. */
function namesOf(id: string | null, labels: ReadonlyMap<string, ReportLabel>): [kk: string | null, ru: string | null] {
  const label = id ? labels.get(id) : undefined;
  return [label?.nameKk ?? null, label?.nameRu ?? null];
}

/** How late: from the due instant to when the clock stopped, or to `asOf` while it runs. */
export function toBreachView(
  b: BreachRow,
  asOf: Date,
  districts: ReadonlyMap<string, ReportLabel>,
  departments: ReadonlyMap<string, ReportLabel>,
  users: ReadonlyMap<string, ReportLabel>,
): BreachView {
  const [districtNameKk, districtNameRu] = namesOf(b.districtId, districts);
  const [departmentNameKk, departmentNameRu] = namesOf(b.departmentId, departments);
  return {
    ticketId: b.ticketId,
    reference: b.reference,
    clock: b.clock,
    districtId: b.districtId,
    districtNameKk,
    districtNameRu,
    departmentId: b.departmentId,
    departmentNameKk,
    departmentNameRu,
    assigneeAtBreachId: b.assigneeAtBreachId,
    assigneeAtBreachName: (b.assigneeAtBreachId && users.get(b.assigneeAtBreachId)?.nameRu) ?? null,
    dueAt: formatInstant(b.dueAt),
    stoppedAt: b.stoppedAt ? formatInstant(b.stoppedAt) : null,
    lateSeconds: Math.round(((b.stoppedAt ?? asOf).getTime() - b.dueAt.getTime()) / 1000),
    status: b.status,
    escalationLevel: b.escalationLevel,
  };
}

export function toSilentPageView(p: SilentPageRow, districts: ReadonlyMap<string, ReportLabel>): SilentPageView {
  const [districtNameKk, districtNameRu] = namesOf(p.districtId, districts);
  const { firstCommentAt, lastCommentAt, ...page } = p;
  return { ...page, districtNameKk, districtNameRu, firstCommentAt: formatInstant(firstCommentAt), lastCommentAt: formatInstant(lastCommentAt) };
}
