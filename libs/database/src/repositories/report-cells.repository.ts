import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { foldCell, inScope, monthsWithin, type CellParts, type OutcomeCell, type ReportPeriod, type SlaCell, type TicketScope } from '@app/domain';
import {
  CELL_COUNT_KEYS,
  CELL_KEYS,
  CELL_KEY_KEYS,
  CELL_LISTS,
  CELL_LIST_KEYS,
  Params,
  REPORT_CELL_COLUMNS,
  REPORT_SETTINGS_SQL,
  cellAggregatesSql,
  cellKeySql,
  cellMonthSql,
  packList,
  storedCellSql,
  ticketsOf,
  unpackList,
  type CellCount,
  type CellKey,
  type CellList,
} from './report-cell-sql.js';
import { UnitOfWork } from '../unit-of-work.js';

/** A cell's figures and what it is keyed by: the finest grain every report groups and scopes by. */
export type ReportCell = Record<CellKey, string | null> & SlaCell & OutcomeCell;

type Parts = CellParts<CellCount, CellList>;
const SHAPE = { counts: CELL_COUNT_KEYS, lists: CELL_LIST_KEYS };
/** A cell as read: lists in base64 (report-cell-sql.ts says why). */
type RawRow = Record<CellKey, string | null> & Record<CellCount, number> & Record<CellList, string> & { monthFrom?: Date; added?: boolean };

/** A row's cell; its lists sorted here unless the row says they are (the stored cells are). */
function partsOf(row: RawRow, sorted: boolean): Parts {
  const counts = {} as Record<CellCount, number>;
  for (const k of CELL_COUNT_KEYS) counts[k] = row[k];
  const lists = {} as Record<CellList, ArrayLike<number>>;
  for (const k of CELL_LIST_KEYS) {
    const list = unpackList(Buffer.from(row[k], 'base64'), CELL_LISTS[k].bytes);
    lists[k] = sorted ? list : list.sort();
  }
  return { counts, lists };
}

const keyOf = (row: Record<CellKey, string | null>, monthFrom?: Date): string =>
  [monthFrom?.toISOString() ?? '', ...CELL_KEY_KEYS.map((k) => row[k] ?? '')].join('|');

/** The figures the reports read from a cell's parts (lists sorted); the backlog is its open tickets' receipt instants. */
function reportCell(keys: Record<CellKey, string | null>, { counts, lists }: Parts): ReportCell {
  const open = lists.openReceivedAt;
  return {
    ...keys,
    ...counts,
    formalAppealsOverdue: 0,
    openBacklog: open.length,
    oldestOpenReceivedAt: open.length ? new Date(open[0]!) : null,
    businessSeconds: lists.businessSeconds,
    wallClockSeconds: lists.wallClockSeconds,
  };
}

/** A stored cell as kept between reads: its key, its keys and its parts (read-only: folds make new lists). */
interface StoredCell {
  key: string;
  keys: Record<CellKey, string | null>;
  parts: Parts;
}
const storedCell = (row: RawRow): StoredCell => ({ key: keyOf(row, row.monthFrom), keys: keysOf(row), parts: partsOf(row, true) });

/**
 * How many months' cells a process keeps: this year's and the month before (about 7 MB a month at
 * ten million tickets a year, 820,000 a month).
 */
const CACHED_MONTHS = 13;

const STAMP_MONTHS_SQL = `INSERT INTO report_cell_versions (month_from, version) SELECT m, nextval('report_cell_version_seq') FROM unnest($1::timestamptz[]) AS m
  ON CONFLICT (month_from) DO UPDATE SET version = EXCLUDED.version`;

const keysOf = (row: Record<CellKey, string | null>): Record<CellKey, string | null> =>
  Object.fromEntries(CELL_KEY_KEYS.map((k) => [k, row[k]])) as Record<CellKey, string | null>;

const GROUP_BY_CELL = `GROUP BY ${CELL_KEY_KEYS.map((_, i) => i + 1).join(', ')}`;
// Column 1 is `added`, 2 the month, then the keys.
const GROUP_BY_MONTH_CELL = `GROUP BY ${Array.from({ length: 1 + CELL_KEY_KEYS.length }, (_, i) => i + 2).join(', ')}`;

/**
 * Issue 18: the reports' cells. A month the period covers whole is read from report_cells plus the
 * tickets logged in report_changes since the last fold (their current state added, their logged
 * one taken away), in one snapshot, so every figure is what counting the tickets would give; what
 * is left of the period at either end is counted from the tickets. A fold moves the log into the
 * cells (the worker's maintenance.report-cells); reads stay exact whether or not it has run.
 */
@Injectable()
export class ReportCellsRepository {
  private readonly logger = new Logger(ReportCellsRepository.name);
  /** Months' stored cells by month (ISO instant of its start), least recently read first. */
  private readonly cache = new Map<string, { version: string; cells: StoredCell[] }>();

  constructor(private readonly uow: UnitOfWork) {}

  /** Every cell of the period in the reader's scope, with the formal appeals overdue now. */
  cells(scope: TicketScope, period: ReportPeriod): Promise<ReportCell[]> {
    return this.uow.run(async (m) => {
      await m.query(REPORT_SETTINGS_SQL);
      const { months, edges } = monthsWithin(period);
      const out: ReportCell[] = [];
      if (months.length) out.push(...(await this.monthCells(m, scope, { from: months[0]!.from, to: months.at(-1)!.to })));
      for (const edge of edges) out.push(...(await this.countCells(m, scope, edge)));
      out.push(...(await this.appealsOverdue(m, scope, period)));
      return out;
    }, 'REPEATABLE READ');
  }

  /** The period's cells counted from the tickets alone: what the stored cells and their log must always agree with. */
  liveCells(scope: TicketScope, period: ReportPeriod): Promise<ReportCell[]> {
    return this.uow.run(async (m) => {
      await m.query(REPORT_SETTINGS_SQL);
      return this.countCells(m, scope, period);
    });
  }

  private async countCells(m: EntityManager, scope: TicketScope, period: ReportPeriod): Promise<ReportCell[]> {
    const p = new Params();
    const rows = (await m.query(
      `SELECT ${cellKeySql()}, ${cellAggregatesSql(false, true)} FROM tickets t WHERE ${ticketsOf(p, scope, period)} ${GROUP_BY_CELL}`,
      p.values,
    )) as RawRow[];
    return rows.map((r) => reportCell(keysOf(r), partsOf(r, false)));
  }

  /**
   * Folds the oldest logged changes (those of up to `limit` log rows, and every other logged change
   * of the same tickets) into report_cells. One fold at a time; a second one finding the lock taken,
   * or losing a race to a concurrent one (REPEATABLE READ refuses it), leaves the log to the next.
   */
  async fold(limit = 10_000): Promise<{ tickets: number; cells: number }> {
    try {
      return await this.uow.run(async (m) => {
        const [lock] = (await m.query(`SELECT pg_try_advisory_xact_lock(hashtext('report_cells_fold')) AS locked`)) as Array<{ locked: boolean }>;
        if (!lock!.locked) return { tickets: 0, cells: 0 };
        await m.query(REPORT_SETTINGS_SQL);
        const tickets = (
          (await m.query(`SELECT DISTINCT ticket_id::text AS id FROM (SELECT ticket_id FROM report_changes ORDER BY id LIMIT $1) x`, [limit])) as Array<{
            id: string;
          }>
        ).map((r) => r.id);
        if (!tickets.length) return { tickets: 0, cells: 0 };
        const changes = await this.changes(m, { tickets });
        const stored = await this.storedOf(
          m,
          [...changes.values()].map((c) => c.row),
        );
        const upserts: Array<{ row: RawRow; parts: Parts }> = [];
        const emptied: RawRow[] = [];
        for (const [key, change] of changes) {
          const folded = foldCell(stored.get(key), change.added, change.removed, SHAPE);
          if (folded) upserts.push({ row: change.row, parts: folded });
          else if (stored.has(key)) emptied.push(change.row);
        }
        await this.write(m, upserts, emptied);
        // A new version for every month whose cells changed: readers holding the old one read them again.
        const months = [...new Set([...upserts.map((u) => u.row), ...emptied].map((r) => r.monthFrom!.toISOString()))];
        await m.query(STAMP_MONTHS_SQL, [months]);
        await m.query(`DELETE FROM report_changes WHERE ticket_id = ANY($1::uuid[])`, [tickets]);
        return { tickets: tickets.length, cells: changes.size };
      }, 'REPEATABLE READ');
    } catch (e) {
      if ((e as { code?: string }).code !== '40001') throw e;
      this.logger.warn('a concurrent fold moved the same changes first; this one stood down');
      return { tickets: 0, cells: 0 };
    }
  }

  /** The stored cells of whole months, with the changes logged since the last fold applied. */
  private async monthCells(m: EntityManager, scope: TicketScope, range: ReportPeriod): Promise<ReportCell[]> {
    const stored = await this.storedCells(m, scope, range);
    const changes = await this.changes(m, { scope, range });
    const out: ReportCell[] = [];
    for (const { key, keys, parts: storedParts } of stored) {
      const change = changes.get(key);
      changes.delete(key);
      const parts = change ? foldCell(storedParts, change.added, change.removed, SHAPE) : storedParts;
      if (parts) out.push(reportCell(keys, parts));
    }
    // Cells the log brings that were not stored yet (a month's first tickets since the last fold).
    for (const change of changes.values()) {
      const parts = foldCell(undefined, change.added, change.removed, SHAPE);
      if (parts) out.push(reportCell(keysOf(change.row), parts));
    }
    return out;
  }

  /**
   * The stored cells of whole months in the reader's scope. A month's cells are kept in this process
   * under the version the last fold that touched them stamped (report_cell_versions), read in the same
   * snapshot as the cells and the log: a cached month is used only at the version this snapshot
   * sees, so it is exactly what the table holds. Past months rarely change, so a scorecard of them
   * reads no lists at all; the current month's change with every fold and are read again.
   */
  private async storedCells(m: EntityManager, scope: TicketScope, range: ReportPeriod): Promise<StoredCell[]> {
    const versions = (await m.query(`SELECT month_from AS "monthFrom", version FROM report_cell_versions WHERE month_from >= $1 AND month_from < $2`, [
      range.from,
      range.to,
    ])) as Array<{ monthFrom: Date; version: string }>;
    const months = versions.map(({ monthFrom, version }) => ({ month: monthFrom.toISOString(), monthFrom, version }));
    const kept = new Map(months.flatMap(({ month, version }) => (this.cache.get(month)?.version === version ? [[month, this.cache.get(month)!]] : [])));
    const missing = months.filter(({ month }) => !kept.has(month));
    if (missing.length) {
      const rows = (await m.query(`SELECT ${storedCellSql('t')} FROM report_cells t WHERE t.month_from = ANY($1::timestamptz[])`, [
        missing.map((x) => x.monthFrom),
      ])) as RawRow[];
      for (const { month, version } of missing) kept.set(month, { version, cells: [] });
      for (const row of rows) kept.get(row.monthFrom!.toISOString())!.cells.push(storedCell(row));
      for (const { month } of missing) this.remember(month, kept.get(month)!);
    }
    // Every month with cells has a version: the migration, a rebuild and each fold stamp them.
    return [...kept.values()].flatMap((entry) => entry.cells.filter((c) => inScope(scope, c.keys)));
  }

  /** Keeps a month's cells, forgetting the least recently read month beyond CACHED_MONTHS. */
  private remember(month: string, entry: { version: string; cells: StoredCell[] }): void {
    this.cache.delete(month);
    this.cache.set(month, entry);
    while (this.cache.size > CACHED_MONTHS) this.cache.delete(this.cache.keys().next().value!);
  }

  /**
   * The logged tickets as cell changes, by cell: their first logged state (what the cells hold of
   * them) taken away, their state now added. Either the tickets asked for (a fold), or those in a
   * range of receipt and a scope (a read).
   */
  private async changes(
    m: EntityManager,
    only: { tickets: string[] } | { scope: TicketScope; range: ReportPeriod },
  ): Promise<Map<string, { row: RawRow; added: Parts[]; removed: Parts[] }>> {
    const p = new Params();
    const logged = 'tickets' in only ? `WHERE ticket_id = ANY(${p.add(only.tickets)}::uuid[])` : '';
    const where = 'tickets' in only ? 'TRUE' : `${ticketsOf(p, only.scope, only.range)}`;
    const select = `${cellMonthSql()} AS "monthFrom", ${cellKeySql()}, ${cellAggregatesSql(false, true)}`;
    const rows = (await m.query(
      `WITH first AS (SELECT DISTINCT ON (ticket_id) * FROM report_changes ${logged} ORDER BY ticket_id, id)
       SELECT false AS added, ${select} FROM first t WHERE t.present AND ${where} ${GROUP_BY_MONTH_CELL}
       UNION ALL
       SELECT true AS added, ${select} FROM tickets t WHERE t.id IN (SELECT ticket_id FROM first) AND ${where} ${GROUP_BY_MONTH_CELL}`,
      p.values,
    )) as RawRow[];
    const changes = new Map<string, { row: RawRow; added: Parts[]; removed: Parts[] }>();
    for (const row of rows) {
      const key = keyOf(row, row.monthFrom);
      const change = changes.get(key) ?? { row, added: [], removed: [] };
      (row.added ? change.added : change.removed).push(partsOf(row, false));
      changes.set(key, change);
    }
    return changes;
  }

  /** The stored cells of the given month × keys, by cell. */
  private async storedOf(m: EntityManager, rows: RawRow[]): Promise<Map<string, Parts>> {
    if (!rows.length) return new Map();
    const rowsOut = (await m.query(`SELECT ${storedCellSql('c')} FROM report_cells c JOIN ${KEY_TABLE} ON ${keyMatch('c')}`, keyArrays(rows))) as RawRow[];
    return new Map(rowsOut.map((r) => [keyOf(r, r.monthFrom), partsOf(r, true)]));
  }

  private async write(m: EntityManager, upserts: Array<{ row: RawRow; parts: Parts }>, emptied: RawRow[]): Promise<void> {
    if (emptied.length) await m.query(`DELETE FROM report_cells c USING ${KEY_TABLE} WHERE ${keyMatch('c')}`, keyArrays(emptied));
    if (!upserts.length) return;
    const keys = keyArrays(upserts.map((u) => u.row));
    const counts = CELL_COUNT_KEYS.map((k) => upserts.map((u) => u.parts.counts[k]));
    const lists = CELL_LIST_KEYS.map((k) => upserts.map((u) => packList(u.parts.lists[k], CELL_LISTS[k].bytes)));
    const types = ['timestamptz', 'uuid', 'uuid', 'uuid', 'text', ...CELL_COUNT_KEYS.map(() => 'int'), ...CELL_LIST_KEYS.map(() => 'bytea')];
    const update = REPORT_CELL_COLUMNS.slice(1 + CELL_KEY_KEYS.length).map((c) => `${c} = EXCLUDED.${c}`);
    await m.query(
      `INSERT INTO report_cells (${REPORT_CELL_COLUMNS.join(', ')})
       SELECT * FROM unnest(${types.map((t, i) => `$${i + 1}::${t}[]`).join(', ')})
       ON CONFLICT (month_from, ${Object.values(CELL_KEYS).join(', ')}) DO UPDATE SET ${update.join(', ')}`,
      [...keys, ...counts, ...lists],
    );
  }

  /** Formal appeals past their due instant and not answered, now: the one figure that moves with the clock, read through tickets_formal_appeal_due_idx. */
  private async appealsOverdue(m: EntityManager, scope: TicketScope, period: ReportPeriod): Promise<ReportCell[]> {
    const p = new Params();
    const rows = (await m.query(
      `SELECT ${cellKeySql()}, count(*)::int AS overdue FROM tickets t
        WHERE t.formal_appeal_registered_at IS NOT NULL AND t.formal_appeal_answered_at IS NULL AND t.formal_appeal_due_at < now()
          AND ${ticketsOf(p, scope, period)} ${GROUP_BY_CELL}`,
      p.values,
    )) as Array<Record<CellKey, string | null> & { overdue: number }>;
    return rows.map((r) => ({ ...reportCell(keysOf(r), emptyParts()), formalAppealsOverdue: r.overdue }));
  }
}

/** A cell that counts nothing (what a row of the overdue formal appeals adds to). */
const emptyParts = (): Parts => ({
  counts: Object.fromEntries(CELL_COUNT_KEYS.map((k) => [k, 0])) as Record<CellCount, number>,
  lists: { businessSeconds: [], wallClockSeconds: [], openReceivedAt: [] },
});

/** Cells' month × keys as five parallel arrays ($1..$5), for keyTable. */
const keyArrays = (rows: RawRow[]): unknown[] => [rows.map((r) => r.monthFrom), ...CELL_KEY_KEYS.map((k) => rows.map((r) => r[k]))];
const KEY_TABLE = `unnest($1::timestamptz[], $2::uuid[], $3::uuid[], $4::uuid[], $5::text[]) AS k(month_from, ${Object.values(CELL_KEYS).join(', ')})`;
const keyMatch = (alias: string): string =>
  [`${alias}.month_from = k.month_from`, ...Object.values(CELL_KEYS).map((c) => `${alias}.${c} IS NOT DISTINCT FROM k.${c}`)].join(' AND ');
