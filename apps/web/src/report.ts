// The reports API's JSON, declared once in libs/contracts for the API and the console.
import type { BreachView, GroupLabel, SilentPageView, ReportScopeView } from '@app/contracts';
import type { SlaFigures } from '@app/domain';
import type { Lang } from './format.js';

export type { BreachesReport, GroupLabel, MonthlyReport, MonthlyRow, RankingReport, RankingRow, ReportLabel, SlaReport, SlaRow } from '@app/contracts';
export type { RankingFigures, SlaFigures, VerdictFigures } from '@app/domain';
export type Breach = BreachView;
export type SilentPage = SilentPageView;
export type ReportScope = ReportScopeView;

export const groupName = (row: GroupLabel, lang: Lang): string => (lang === 'kk' ? row.groupNameKk : row.groupNameRu);
export const totalBreaches = (f: SlaFigures): number => f.firstResponseBreaches + f.resolutionBreaches;

/** Who answered for a breached ticket: the assignee at the breach, else the department, else the district. */
export function responsibleFor(b: Breach, lang: Lang): string {
  const dept = lang === 'kk' ? b.departmentNameKk : b.departmentNameRu;
  const district = lang === 'kk' ? b.districtNameKk : b.districtNameRu;
  return [b.assigneeAtBreachName, dept ?? district].filter(Boolean).join(' · ') || '—';
}
