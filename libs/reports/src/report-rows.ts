import type { BreachView, GroupLabel, SilentPageView } from '@app/contracts';
import type { BreachRow, ReportGroupBy, ReportLabel, SilentPageRow } from '@app/database';
import { REPORT_TIME_ZONE, formatReportInstant } from '@app/domain';

// How a report names, orders and measures its rows, from what the reports repository reads.

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
