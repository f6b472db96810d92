import { SLA_FIGURE_KEYS, VERDICT_FIGURE_KEYS, type VerdictFigures } from '@app/domain';
import type {
  BreachView,
  BreachesReport,
  GroupLabel,
  MonthlyReport,
  MonthlyRow,
  RankingReport,
  ReportScopeView,
  SilentPageView,
  SlaReport,
} from '@app/contracts';

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

/**
 * How a CSV is written. The default (`keys`, `seconds`) is the stable machine format; a person
 * opening the file in a spreadsheet asks for headers in Kazakh or Russian and durations in hours.
 */
export interface CsvOptions {
  headers: 'keys' | 'kk' | 'ru';
  durations: 'seconds' | 'hours';
}
export const MACHINE_CSV: CsvOptions = { headers: 'keys', durations: 'seconds' };

/** Column names in people's words, [kk, ru]; a duration's unit is added by `columnName`. */
const HUMAN_HEADERS: Record<string, [kk: string, ru: string]> = {
  groupId: ['ID', 'ID'],
  groupCode: ['Коды', 'Код'],
  groupNameKk: ['Атауы (қазақша)', 'Название (на казахском)'],
  groupNameRu: ['Атауы (орысша)', 'Название (на русском)'],
  received: ['Түскені', 'Поступило'],
  rejected: ['Қабылданбағаны', 'Отклонено'],
  merged: ['Біріктірілгені', 'Объединено'],
  responded: ['Жауап берілгені', 'Отвечено'],
  firstResponseMedianSeconds: ['Алғашқы жауап, медиана, жұмыс уақыты', 'Первый ответ, медиана, рабочее время'],
  firstResponseP90Seconds: ['Алғашқы жауап, 90-процентиль, жұмыс уақыты', 'Первый ответ, 90-й процентиль, рабочее время'],
  firstResponseMedianWallClockSeconds: ['Алғашқы жауап, медиана, күнтізбелік уақыт', 'Первый ответ, медиана, календарное время'],
  firstResponseP90WallClockSeconds: ['Алғашқы жауап, 90-процентиль, күнтізбелік уақыт', 'Первый ответ, 90-й процентиль, календарное время'],
  resolved: ['Шешілгені', 'Решено'],
  resolutionRate: ['Шешілгендер үлесі', 'Доля решённых'],
  firstResponseBreaches: ['Алғашқы жауап мерзімі өткені', 'Просрочен первый ответ'],
  resolutionBreaches: ['Шешу мерзімі өткені', 'Просрочено решение'],
  openBacklog: ['Ашық өтініштер', 'Открытые обращения'],
  oldestOpenAgeSeconds: ['Ең ескі ашық өтініштің жасы', 'Возраст самого старого открытого'],
  answerDue: ['Жауап мерзімі келгені', 'Срок ответа наступил'],
  answeredInTime: ['Мерзімінде жауап берілгені', 'Отвечено в срок'],
  answeredInTimeRate: ['Мерзімінде жауап үлесі', 'Доля отвеченных в срок'],
  actionable: ['Шешуді қажет еткені', 'Требовали решения'],
  overdueNow: ['Қазір мерзімі өткен', 'Просрочено сейчас'],
  confirmed: ['Тұрғын растағаны', 'Подтверждено жителем'],
  disputed: ['Тұрғын келіспегені', 'Оспорено жителем'],
  confirmedResolutionRate: ['Тұрғын растағандар үлесі', 'Доля подтверждённых жителем'],
  reference: ['Нөмірі', 'Номер'],
  clock: ['Мерзім', 'Срок'],
  districtNameKk: ['Аудан (қазақша)', 'Район (на казахском)'],
  districtNameRu: ['Аудан (орысша)', 'Район (на русском)'],
  departmentNameKk: ['Басқарма (қазақша)', 'Управление (на казахском)'],
  departmentNameRu: ['Басқарма (орысша)', 'Управление (на русском)'],
  assigneeAtBreachName: ['Мерзім өткендегі орындаушы', 'Исполнитель при просрочке'],
  dueAt: ['Мерзімі', 'Срок до'],
  stoppedAt: ['Тоқтаған уақыты', 'Остановлен'],
  lateSeconds: ['Кешігуі', 'Опоздание'],
  status: ['Күйі', 'Статус'],
  escalationLevel: ['Эскалация деңгейі', 'Уровень эскалации'],
  ticketId: ['Өтініш ID', 'ID обращения'],
  districtId: ['Аудан ID', 'ID района'],
  departmentId: ['Басқарма ID', 'ID управления'],
  assigneeAtBreachId: ['Орындаушы ID', 'ID исполнителя'],
  title: ['Парақша', 'Страница'],
  channel: ['Арна', 'Канал'],
  comments: ['Пікірлер', 'Комментарии'],
  firstCommentAt: ['Алғашқы пікір', 'Первый комментарий'],
  lastCommentAt: ['Соңғы пікір', 'Последний комментарий'],
  pageId: ['Парақша ID', 'ID страницы'],
};
const CHANGE: Record<'kk' | 'ru', string> = { kk: 'өзгерісі', ru: 'изменение' };
const UNIT: Record<'kk' | 'ru', Record<CsvOptions['durations'], string>> = { kk: { seconds: 'сек', hours: 'сағ' }, ru: { seconds: 'сек', hours: 'ч' } };
const isDuration = (key: string): boolean => key.endsWith('Seconds');

/** A column's header: the JSON key (with `Hours` for `Seconds` when durations are in hours), or its name in Kazakh or Russian. */
function columnName(key: string, o: CsvOptions, change = false): string {
  if (o.headers === 'keys') {
    const name = o.durations === 'hours' && isDuration(key) ? `${key.slice(0, -'Seconds'.length)}Hours` : key;
    return change ? `${name}Change` : name;
  }
  const lang = o.headers;
  const base = HUMAN_HEADERS[key]?.[lang === 'kk' ? 0 : 1] ?? key;
  const named = isDuration(key) ? `${base} (${UNIT[lang][o.durations]})` : base;
  return change ? `${named}, ${CHANGE[lang]}` : named;
}

/** A cell of a column: seconds become hours (two decimals) when asked. */
function columnValue(key: string, value: Cell, o: CsvOptions): Cell {
  return o.durations === 'hours' && isDuration(key) && typeof value === 'number' ? Math.round((value / 3600) * 100) / 100 : value;
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

function preamble(r: SlaReport | BreachesReport | MonthlyReport | RankingReport, o: CsvOptions): Array<[string, Cell]> {
  return [
    ['report', r.report],
    ...(Object.entries(r.filters) as Array<[string, Cell]>),
    ['timeZone', r.timeZone],
    ['scope', scopeText(r.scope)],
    ['generatedAt', r.generatedAt],
    ...Object.entries(r.clocks).map(([key, clock]): [string, Cell] => [o.headers === 'keys' ? `${columnName(key, o)} is` : columnName(key, o), clock]),
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
const breachSection = (title: string | undefined, items: BreachView[], o: CsvOptions): CsvSection => ({
  title,
  header: BREACH_COLUMNS.map((k) => columnName(k, o)),
  rows: items.map((b) => BREACH_COLUMNS.map((k) => columnValue(k, b[k], o))),
});
const labelHeader = (o: CsvOptions): string[] => LABEL_COLUMNS.map((k) => columnName(k, o));
// The residents' verdicts come last in every table, so that programs reading columns by position keep working.
const verdictHeader = (o: CsvOptions): string[] => VERDICT_FIGURE_KEYS.map((k) => columnName(k, o));
const verdictCells = (row: VerdictFigures): Cell[] => VERDICT_FIGURE_KEYS.map((k) => row[k]);

export function slaCsv(r: SlaReport, o: CsvOptions = MACHINE_CSV): string {
  return csvDocument(preamble(r, o), [
    {
      header: [...labelHeader(o), ...SLA_FIGURE_KEYS.map((k) => columnName(k, o)), ...verdictHeader(o)],
      rows: [...r.rows, r.total].map((row) => [...labelCells(row), ...SLA_FIGURE_KEYS.map((k) => columnValue(k, row[k], o)), ...verdictCells(row)]),
    },
  ]);
}

export function breachesCsv(r: BreachesReport, o: CsvOptions = MACHINE_CSV): string {
  return csvDocument(preamble(r, o), [breachSection(undefined, r.items, o)]);
}

const SILENT_PAGE_COLUMNS: ReadonlyArray<keyof SilentPageView> = [
  'title',
  'channel',
  'districtNameKk',
  'districtNameRu',
  'comments',
  'firstCommentAt',
  'lastCommentAt',
  'pageId',
  'districtId',
];

/** A printed scorecard: each figure of the month beside its change against the month before (the previous month's values are in the JSON), then the month's verdicts. */
export function monthlyCsv(r: MonthlyReport, o: CsvOptions = MACHINE_CSV): string {
  const header = [...labelHeader(o), ...SLA_FIGURE_KEYS.flatMap((k) => [columnName(k, o), columnName(k, o, true)]), ...verdictHeader(o)];
  const scorecard = (title: string, rows: MonthlyRow[]): CsvSection => ({
    title,
    header,
    rows: [...rows, r.total].map((row) => [
      ...labelCells(row),
      ...SLA_FIGURE_KEYS.flatMap((k) => [columnValue(k, row.current[k], o), columnValue(k, row.change[k], o)]),
      ...verdictCells(row),
    ]),
  });
  return csvDocument(preamble(r, o), [
    scorecard('Districts — Аудандар — Районы', r.districts),
    scorecard('Departments — Басқармалар — Управления', r.departments),
    breachSection('Worst overdue — Ең кешіккен өтініштер — Самые просроченные обращения', r.worstOverdue, o),
    {
      title: 'Pages without a public answer — Жауапсыз парақшалар — Страницы без публичного ответа',
      header: SILENT_PAGE_COLUMNS.map((k) => columnName(k, o)),
      rows: r.silentPages.map((p) => SILENT_PAGE_COLUMNS.map((k) => p[k])),
    },
  ]);
}

const RANKING_FIGURES = [
  'received',
  'answerDue',
  'answeredInTime',
  'answeredInTimeRate',
  'responded',
  'firstResponseMedianSeconds',
  'actionable',
  'resolved',
  'resolutionRate',
] as const;

/** The ranking as listed (worst first), then the total; the changes are of the two rates. */
export function rankingCsv(r: RankingReport, o: CsvOptions = MACHINE_CSV): string {
  const header = [
    ...labelHeader(o),
    ...RANKING_FIGURES.map((k) => columnName(k, o)),
    columnName('answeredInTimeRate', o, true),
    columnName('resolutionRate', o, true),
    columnName('overdueNow', o),
    ...verdictHeader(o),
  ];
  return csvDocument(preamble(r, o), [
    {
      header,
      rows: [...r.rows, r.total].map((row) => [
        ...labelCells(row),
        ...RANKING_FIGURES.map((k) => columnValue(k, row.current[k], o)),
        row.change.answeredInTimeRate,
        row.change.resolutionRate,
        row.overdueNow,
        ...verdictCells(row),
      ]),
    },
  ]);
}
