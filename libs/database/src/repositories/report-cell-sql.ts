import { endianness } from 'node:os';
import { NOT_OPEN_STATUSES, REPORT_TIME_ZONE, RESOLVED_STATUSES, type ReportPeriod, type TicketScope } from '@app/domain';
import { snake } from '../snake-naming.strategy.js';
import { scopeSql, sqlList } from './domain-sql.js';

// Issue 18: the SQL of a report cell, written once for the three places that count one: the
// tickets of a period read live, the report_cells table (built by migration 1764260000000 and kept
// by the fold), and the tickets' earlier states in report_changes. All three are read as tickets
// `t`: report_changes keeps the ticket columns a cell reads under the tickets' own names.

// Written as NOT IN, the form of the partial index tickets_overdue_idx (migration 1764110000000).
export const OPEN_SQL = `t.status NOT IN ${sqlList(NOT_OPEN_STATUSES)}`;
export const RESOLVED_SQL = `t.status IN ${sqlList(RESOLVED_STATUSES)}`;

/** Positional parameters collected while a report statement is written. */
export class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    return `$${this.values.push(value)}`;
  }
}

/** The tickets `t` a report covers: received in the period and inside the reader's scope (a required argument). */
export function ticketsOf(p: Params, scope: TicketScope, period: ReportPeriod): string {
  return [`t.received_at >= ${p.add(period.from)}`, `t.received_at < ${p.add(period.to)}`, scopeSql(scope, (v) => p.add(v))].join(' AND ');
}

const LITTLE_ENDIAN = endianness() === 'LE';

/** A packed list as numbers: one copy and one byte swap (PostgreSQL packs big-endian) rather than a read per value. */
export function unpackList(packed: Buffer, bytes: 4 | 8): Int32Array | Float64Array {
  const list = bytes === 4 ? new Int32Array(packed.length / 4) : new Float64Array(packed.length / 8);
  const view = Buffer.from(list.buffer);
  packed.copy(view);
  if (LITTLE_ENDIAN) void (bytes === 4 ? view.swap32() : view.swap64());
  return list;
}

/** Numbers packed as PostgreSQL's int4send / float8send would. */
export function packList(list: ArrayLike<number>, bytes: 4 | 8): Buffer {
  const typed = bytes === 4 ? Int32Array.from(list) : Float64Array.from(list);
  const out = Buffer.from(typed.buffer, typed.byteOffset, typed.byteLength);
  if (LITTLE_ENDIAN) void (bytes === 4 ? out.swap32() : out.swap64());
  return out;
}

/** Each count a cell keeps, and what it counts among tickets `t`. */
export const CELL_COUNTS = {
  received: `count(*)`,
  rejected: `count(*) FILTER (WHERE t.status = 'rejected')`,
  merged: `count(*) FILTER (WHERE t.status = 'merged')`,
  resolved: `count(*) FILTER (WHERE ${RESOLVED_SQL})`,
  firstResponseBreaches: `count(t.first_response_breached_at)`,
  resolutionBreaches: `count(t.resolution_breached_at)`,
  confirmed: `count(*) FILTER (WHERE t.resident_confirmation_state = 'confirmed')`,
  disputed: `count(*) FILTER (WHERE t.resident_confirmation_state = 'disputed')`,
  unanswered: `count(*) FILTER (WHERE t.resident_confirmation_state = 'unanswered')`,
  awaitingVerdict: `count(*) FILTER (WHERE t.resident_confirmation_state = 'asked')`,
  formalAppeals: `count(t.formal_appeal_registered_at)`,
  formalAppealsAnsweredLate: `count(*) FILTER (WHERE t.formal_appeal_answered_at > t.formal_appeal_due_at)`,
  formalAppealExtensions: `count(t.formal_appeal_extended_until)`,
} as const;
export type CellCount = keyof typeof CELL_COUNTS;
export const CELL_COUNT_KEYS = Object.keys(CELL_COUNTS) as CellCount[];

/**
 * Each list a cell keeps: one value per ticket it applies to, packed as big-endian bytes (a list
 * costs PostgreSQL far less than a percentile per group, and packed bytes read in Node in 2 ms where
 * the same list as text took 30). NULLs (never timed) are left out by string_agg.
 * - businessSeconds, wallClockSeconds: the answered tickets' first-response times (4-byte integers);
 *   the percentiles are taken from them in libs/domain, exactly;
 * - openReceivedAt: the open tickets' receipt instants in epoch milliseconds (8-byte floats): the
 *   backlog is their count and its age the first of them.
 */
export const CELL_LISTS = {
  businessSeconds: { bytes: 4, value: 't.first_response_business_seconds', when: 't.first_response_at IS NOT NULL' },
  wallClockSeconds: { bytes: 4, value: 't.first_response_seconds', when: 't.first_response_at IS NOT NULL' },
  openReceivedAt: { bytes: 8, value: `floor(extract(epoch FROM t.received_at) * 1000)`, when: OPEN_SQL },
} as const;
export type CellList = keyof typeof CELL_LISTS;
export const CELL_LIST_KEYS = Object.keys(CELL_LISTS) as CellList[];

/** What a cell is keyed by besides its month: every column a report groups or scopes by. */
export const CELL_KEYS = { districtId: 'district_id', departmentId: 'department_id', assigneeId: 'assignee_id', categoryCode: 'category_code' } as const;
export type CellKey = keyof typeof CELL_KEYS;
export const CELL_KEY_KEYS = Object.keys(CELL_KEYS) as CellKey[];

/** The ticket columns a cell reads: what report_changes keeps of a ticket's earlier state. */
export const CELL_TICKET_COLUMNS = [
  'received_at',
  ...Object.values(CELL_KEYS),
  'status',
  'first_response_at',
  'first_response_breached_at',
  'resolution_breached_at',
  'first_response_business_seconds',
  'first_response_seconds',
  'resident_confirmation_state',
  'formal_appeal_registered_at',
  'formal_appeal_answered_at',
  'formal_appeal_due_at',
  'formal_appeal_extended_until',
] as const;

/** The calendar month (REPORT_TIME_ZONE) a ticket `alias` was received in, as the instant it starts. */
export const cellMonthSql = (alias = 't'): string => `date_trunc('month', ${alias}.received_at, '${REPORT_TIME_ZONE}')`;

/** The key columns of tickets `t` as the cell's key fields (`"districtId"`...), text so ids compare as strings. */
export const cellKeySql = (): string => CELL_KEY_KEYS.map((k) => `t.${CELL_KEYS[k]}::text AS "${k}"`).join(', ');

/**
 * A packed list as a read ships it: base64 text. PostgreSQL's hex output of bytea doubles the bytes
 * and Node decodes hex at a third of base64's speed (a month's lists at ten million tickets: 7 MB).
 */
const shipped = (list: string): string => `encode(${list}, 'base64')`;

/**
 * One cell's aggregates over tickets `t`, as `"received"`, ..., `"businessSeconds"`. Sorted lists
 * (the stored cells) cost an ordered aggregate; a live read sorts in Node instead, where hash
 * aggregation keeps the month's scan cheap. A read (`forRead`) gets its lists as base64 text.
 */
export function cellAggregatesSql(sorted: boolean, forRead: boolean): string {
  const counts = CELL_COUNT_KEYS.map((k) => `${CELL_COUNTS[k]}::int AS "${k}"`);
  const lists = CELL_LIST_KEYS.map((k) => {
    const { bytes, value, when } = CELL_LISTS[k];
    const packed = bytes === 4 ? `int4send(${value})` : `float8send(${value})`;
    const list = `COALESCE(string_agg(${packed}, ''::bytea${sorted ? ` ORDER BY ${value}` : ''}) FILTER (WHERE ${when}), ''::bytea)`;
    return `${forRead ? shipped(list) : list} AS "${k}"`;
  });
  return [...counts, ...lists].join(',\n  ');
}

/** report_cells' columns, in the order cellKeySql and cellAggregatesSql give their values. */
export const REPORT_CELL_COLUMNS = ['month_from', ...Object.values(CELL_KEYS), ...CELL_COUNT_KEYS.map(snake), ...CELL_LIST_KEYS.map(snake)];

/** Every cell counted again from the tickets (the migration's backfill; nothing else writes while it runs). */
export const REBUILD_REPORT_CELLS_SQL = `
  INSERT INTO report_cells (${REPORT_CELL_COLUMNS.join(', ')})
  SELECT ${cellMonthSql()}, ${Object.values(CELL_KEYS)
    .map((c) => `t.${c}`)
    .join(', ')}, ${cellAggregatesSql(true, false)}
    FROM tickets t GROUP BY 1, 2, 3, 4, 5`;

/** Every month's cells stamped with a new version (after a rebuild). */
export const STAMP_ALL_MONTHS_SQL = `
  INSERT INTO report_cell_versions (month_from, version)
  SELECT m, nextval('report_cell_version_seq') FROM (SELECT DISTINCT month_from AS m FROM report_cells) x
  ON CONFLICT (month_from) DO UPDATE SET version = EXCLUDED.version`;

/** A stored cell of report_cells `alias` under the same names as cellKeySql and cellAggregatesSql give, with its `"monthFrom"`. */
export const storedCellSql = (alias: string): string =>
  [
    `${alias}.month_from AS "monthFrom"`,
    ...CELL_KEY_KEYS.map((k) => `${alias}.${CELL_KEYS[k]}::text AS "${k}"`),
    ...CELL_COUNT_KEYS.map((k) => `${alias}.${snake(k)} AS "${k}"`),
    ...CELL_LIST_KEYS.map((k) => `${shipped(`${alias}.${snake(k)}`)} AS "${k}"`),
  ].join(', ');

/**
 * Planner settings for a report's statements, measured on two cores: no JIT (the estimates of the
 * per-ticket subqueries made PostgreSQL spend 300 ms compiling a 250 ms query), no parallel workers
 * (a scorecard already runs its statements side by side; workers only added their start-up), room
 * to aggregate a month in memory, and random_page_cost 1.1 (the tickets are in memory or on SSD: at
 * the default 4, made for spinning disks, PostgreSQL counted a silent page's comments by reading the
 * whole month through received_at, 40 ms a page, not the page's index). Local to the transaction.
 */
export const REPORT_SETTINGS_SQL = `SELECT set_config('jit', 'off', true), set_config('max_parallel_workers_per_gather', '0', true), set_config('work_mem', '64MB', true), set_config('random_page_cost', '1.1', true)`;
