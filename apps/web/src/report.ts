// The reports API's JSON (apps/api/src/reports/reports.view.ts), as the console reads it.
import type { SlaFigures } from '../../../libs/domain/src/sla-figures.js';
import type { Lang } from './format.js';

export type { SlaFigures };

export interface GroupLabel {
  groupId: string | null;
  groupNameKk: string;
  groupNameRu: string;
}

export type SlaRow = GroupLabel & SlaFigures;
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

export type MonthlyRow = GroupLabel & { current: SlaFigures; previous: SlaFigures; change: Partial<Record<keyof SlaFigures, number | null>> };
export interface SilentPage {
  pageId: string;
  title: string;
  channel: string;
  comments: number;
}
export interface MonthlyReport {
  districts: MonthlyRow[];
  departments: MonthlyRow[];
  total: MonthlyRow;
  worstOverdue: Breach[];
  silentPages: SilentPage[];
}

export const groupName = (row: GroupLabel, lang: Lang): string => (lang === 'kk' ? row.groupNameKk : row.groupNameRu);
export const totalBreaches = (f: SlaFigures): number => f.firstResponseBreaches + f.resolutionBreaches;

/** Who answered for a breached ticket: the assignee at the breach, else the department, else the district. */
export function responsibleFor(b: Breach, lang: Lang): string {
  const dept = lang === 'kk' ? b.departmentNameKk : b.departmentNameRu;
  const district = lang === 'kk' ? b.districtNameKk : b.districtNameRu;
  return [b.assigneeAtBreachName, dept ?? district].filter(Boolean).join(' · ') || '—';
}
