// The reports API's JSON (apps/api/src/reports/reports.view.ts), as the console reads it.
import type { VerdictFigures } from '../../../libs/domain/src/resolution-outcomes.js';
import type { SlaFigures } from '../../../libs/domain/src/sla-figures.js';
import type { RankingFigures } from '../../../libs/domain/src/sla-ranking.js';
import type { Lang } from './format.js';

export type { RankingFigures, SlaFigures, VerdictFigures };

export interface GroupLabel {
  groupId: string | null;
  groupNameKk: string;
  groupNameRu: string;
}

// Every row carries its residents' verdicts beside its figures (the period's, never compared).
export type SlaRow = GroupLabel & SlaFigures & VerdictFigures;
export interface SlaReport {
  rows: SlaRow[];
  total: SlaRow;
}

export interface Breach {
  ticketId: string;
  reference: string;
  clock: string;
  districtNameKk: string | null;
  districtNameRu: string | null;
  departmentNameKk: string | null;
  departmentNameRu: string | null;
  assigneeAtBreachName: string | null;
  lateSeconds: number;
}
export interface BreachesReport {
  items: Breach[];
}

export type MonthlyRow = GroupLabel & { current: SlaFigures; previous: SlaFigures; change: Partial<Record<keyof SlaFigures, number | null>> } & VerdictFigures;
export interface SilentPage {
  pageId: string;
  title: string;
  channel: string;
  comments: number;
}
export interface MonthlyReport {
  generatedAt: string;
  scope: ReportScope;
  filters: { month: string; from: string; to: string; previousMonth: string };
  districts: MonthlyRow[];
  departments: MonthlyRow[];
  total: MonthlyRow;
  worstOverdue: Breach[];
  silentPages: SilentPage[];
}

export interface ReportLabel {
  id: string;
  code: string;
  nameKk: string;
  nameRu: string;
}
export type ReportScope = { kind: 'all' } | { kind: 'districts'; districts: ReportLabel[] } | { kind: 'department'; department: ReportLabel | null };

export type RankingRow = GroupLabel & {
  current: RankingFigures;
  previous: RankingFigures;
  change: { answeredInTimeRate: number | null; resolutionRate: number | null };
  overdueNow: number;
} & VerdictFigures;
/** GET /reports/ranking: worst first by the share answered in time, against the period before. */
export interface RankingReport {
  generatedAt: string;
  scope: ReportScope;
  filters: { from: string; to: string; month: string | null; previousFrom: string; previousTo: string; groupBy: 'district' | 'department' };
  rows: RankingRow[];
  total: RankingRow;
}

export const groupName = (row: GroupLabel, lang: Lang): string => (lang === 'kk' ? row.groupNameKk : row.groupNameRu);
export const totalBreaches = (f: SlaFigures): number => f.firstResponseBreaches + f.resolutionBreaches;

/** Who answered for a breached ticket: the assignee at the breach, else the department, else the district. */
export function responsibleFor(b: Breach, lang: Lang): string {
  const dept = lang === 'kk' ? b.departmentNameKk : b.departmentNameRu;
  const district = lang === 'kk' ? b.districtNameKk : b.districtNameRu;
  return [b.assigneeAtBreachName, dept ?? district].filter(Boolean).join(' · ') || '—';
}
