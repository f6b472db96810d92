import { SLA_FIGURE_KEYS } from '@app/domain';
import type { BreachView, BreachesReport, GroupLabel, MonthlyReport, MonthlyRow, ReportScopeView, SilentPageView, SlaReport } from './reports.view.js';

export type Cell = string | number | boolean | null | undefined;

export interface CsvSection {
  title?: string;
  header: readonly string[];
  rows: Cell[][];
}

// Excel reads a file without a BOM as the local ANSI code page and garbles Kazakh and Russian letters.
const BOM = '\uFEFF';
const EOL = '\r\n';

/**
 * One cell: quoted when it holds a separator, a quote or a line break (RFC 4180). A text starting
 * like a formula is prefixed with an apostrophe so a spreadsheet shows it instead of running it
 * (page titles and names are typed by people); numbers are left alone so negative changes stay numbers.
 */
export function csvCell(value: Cell): string {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'string') return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Key-value lines first (what the report is and its filters), then each table, a blank line apart. */
export function csvDocument(preamble: Array<[string, Cell]>, sections: CsvSection[]): string {
  const line = (cells: readonly Cell[]) => cells.map(csvCell).join(',');
  const blocks = [preamble.map(([k, v]) => line([k, v])), ...sections.map((s) => [...(s.title ? [line([s.title])] : []), line(s.header), ...s.rows.map(line)])];
  return BOM + blocks.map((b) => b.join(EOL)).join(EOL + EOL) + EOL;
}

function scopeText(scope: ReportScopeView): string {
  switch (scope.kind) {
    case 'all':
      return 'all';
    case 'districts':
      return `districts: ${scope.districts.map((d) => `${d.nameKk} / ${d.nameRu}`).join('; ')}; and tickets of unknown district`;
    case 'department':
      return `department: ${scope.department ? `${scope.department.nameKk} / ${scope.department.nameRu}` : 'unknown'}`;
  }
}

function preamble(r: SlaReport | BreachesReport | MonthlyReport): Array<[string, Cell]> {
  return [
    ['report', r.report],
    ...(Object.entries(r.filters) as Array<[string, Cell]>),
    ['timeZone', r.timeZone],
    ['scope', scopeText(r.scope)],
    ['generatedAt', r.generatedAt],
    ...Object.entries(r.clocks).map(([key, clock]): [string, Cell] => [`${key} is`, clock]),
  ];
}

const LABEL_COLUMNS = ['groupId', 'groupCode', 'groupNameKk', 'groupNameRu'] as const;
const labelCells = (g: GroupLabel): Cell[] => LABEL_COLUMNS.map((k) => g[k]);

const BREACH_COLUMNS: ReadonlyArray<keyof BreachView> = [
  'reference',
  'clock',
  'districtNameKk',
  'districtNameRu',
  'departmentNameKk',
  'departmentNameRu',
  'assigneeAtBreachName',
  'dueAt',
  'stoppedAt',
  'lateSeconds',
  'status',
  'escalationLevel',
  'ticketId',
  'districtId',
  'departmentId',
  'assigneeAtBreachId',
];
const breachSection = (title: string | undefined, items: BreachView[]): CsvSection => ({ title, header: BREACH_COLUMNS, rows: items.map((b) => BREACH_COLUMNS.map((k) => b[k])) });

export function slaCsv(r: SlaReport): string {
  return csvDocument(preamble(r), [
    { header: [...LABEL_COLUMNS, ...SLA_FIGURE_KEYS], rows: [...r.rows, r.total].map((row) => [...labelCells(row), ...SLA_FIGURE_KEYS.map((k) => row[k])]) },
  ]);
}

export function breachesCsv(r: BreachesReport): string {
  return csvDocument(preamble(r), [breachSection(undefined, r.items)]);
}

const SILENT_PAGE_COLUMNS: ReadonlyArray<keyof SilentPageView> = ['title', 'channel', 'districtNameKk', 'districtNameRu', 'comments', 'firstCommentAt', 'lastCommentAt', 'pageId', 'districtId'];

/** A printed scorecard: each figure of the month beside its change against the month before (the previous month's values are in the JSON). */
export function monthlyCsv(r: MonthlyReport): string {
  const header = [...LABEL_COLUMNS, ...SLA_FIGURE_KEYS.flatMap((k) => [k, `${k}Change`])];
  const scorecard = (title: string, rows: MonthlyRow[]): CsvSection => ({
    title,
    header,
    rows: [...rows, r.total].map((row) => [...labelCells(row), ...SLA_FIGURE_KEYS.flatMap((k) => [row.current[k], row.change[k]])]),
  });
  return csvDocument(preamble(r), [
    scorecard('Districts — Аудандар — Районы', r.districts),
    scorecard('Departments — Басқармалар — Управления', r.departments),
    breachSection('Worst overdue — Ең кешіккен өтініштер — Самые просроченные обращения', r.worstOverdue),
    { title: 'Pages without a public answer — Жауапсыз парақшалар — Страницы без публичного ответа', header: SILENT_PAGE_COLUMNS, rows: r.silentPages.map((p) => SILENT_PAGE_COLUMNS.map((k) => p[k])) },
  ]);
}
