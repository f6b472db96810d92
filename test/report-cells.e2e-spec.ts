import { ReportCellsRepository, type ReportCell } from '../libs/database/src/index.js';
import { TICKET_STATUSES, monthPeriod, parseReportInstant, type ReportPeriod, type TicketScope } from '../libs/domain/src/index.js';
import { ReportsService } from '../libs/reports/src/index.js';
import { buildScenario, type Scenario } from './support/scenario.js';
import { TestApp } from './support/test-app.js';

/** A small deterministic generator (mulberry32), so a failure replays. */
function generator(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FROM = parseReportInstant('2026-01-20').getTime();
const TO = parseReportInstant('2026-04-10').getTime();
const CONFIRMATIONS = ['not_asked', 'asked', 'confirmed', 'disputed', 'unanswered'];

/** The ticket columns a report cell reads, one random value each (ties in the response times on purpose). */
type State = Record<string, string | number | null>;

/** Everything report cells are added up from, group by group: counts summed, lists merged and sorted. */
function byGroup(cells: ReportCell[]): Record<string, unknown> {
  const groups: Record<string, { counts: Record<string, number>; lists: Record<string, number[]>; oldest: number | null }> = {};
  for (const c of cells) {
    const key = [c.districtId, c.departmentId, c.assigneeId, c.categoryCode].join('|');
    const g = (groups[key] ??= { counts: {}, lists: { business: [], wall: [] }, oldest: null });
    for (const [k, v] of Object.entries(c)) if (typeof v === 'number') g.counts[k] = (g.counts[k] ?? 0) + v;
    g.lists.business!.push(...Array.from(c.businessSeconds));
    g.lists.wall!.push(...Array.from(c.wallClockSeconds));
    const oldest = c.oldestOpenReceivedAt?.getTime() ?? null;
    if (oldest !== null && (g.oldest === null || oldest < g.oldest)) g.oldest = oldest;
  }
  for (const g of Object.values(groups)) for (const list of Object.values(g.lists)) list.sort((a, b) => a - b);
  // A group whose tickets all left is no group at all.
  return Object.fromEntries(Object.entries(groups).filter(([, g]) => g.counts.received || g.counts.formalAppealsOverdue));
}

/**
 * Issue 18: a report reads whole months from report_cells plus the change log, the rest from the
 * tickets. Whatever was written, deleted, folded or not, folded in part or concurrently, it must
 * equal counting the tickets themselves (ReportCellsRepository.liveCells), for every scope and period.
 */
describe('report cells: stored, logged and folded, they equal counting the tickets', () => {
  let app: TestApp;
  let s: Scenario;
  let cells: ReportCellsRepository;
  const random = generator(18);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  let serial = 0;

  function state(): State {
    const received = FROM + Math.floor(random() * (TO - FROM));
    const answered = random() < 0.6;
    const appeal = random() < 0.25;
    const due = received + (random() < 0.5 ? -1 : 1) * Math.floor(random() * 30) * 86_400_000 + 120 * 86_400_000 * (random() < 0.3 ? 1 : 0);
    const iso = (ms: number) => new Date(ms).toISOString();
    return {
      received_at: iso(received),
      district_id: pick([s.districts.merki.id, s.districts.zhualy.id, null]),
      department_id: pick([s.departments.land.id, s.departments.roads.id, null]),
      assignee_id: pick([s.users.staffLand1.id, s.users.headRoads.id, s.users.staffRoads.id, null]),
      category_code: pick(['land', 'roads', 'other', null]),
      status: pick(TICKET_STATUSES),
      first_response_at: answered ? iso(received + Math.floor(random() * 40) * 3_600_000) : null,
      first_response_business_seconds: answered ? Math.floor(random() * 20) * 600 : null,
      first_response_breached_at: random() < 0.3 ? iso(received + 86_400_000) : null,
      resolution_breached_at: random() < 0.2 ? iso(received + 5 * 86_400_000) : null,
      resident_confirmation_state: pick(CONFIRMATIONS),
      formal_appeal_number: appeal ? `FA-${++serial}` : null,
      formal_appeal_registered_at: appeal ? iso(received) : null,
      formal_appeal_due_at: appeal ? iso(due) : null,
      formal_appeal_answered_at: appeal && random() < 0.5 ? iso(received + Math.floor(random() * 40) * 86_400_000) : null,
      formal_appeal_extended_until: appeal && random() < 0.3 ? iso(due + 10 * 86_400_000) : null,
    };
  }
  async function insert(n: number): Promise<void> {
    const rows = Array.from({ length: n }, () => state());
    const columns = Object.keys(rows[0]!);
    await app.dataSource.query(
      `INSERT INTO tickets (reference, channel, author_name, text, ${columns.join(', ')})
       SELECT 'CELL-' || (x->>'n'), 'manual', 'Тұрғын', 'Жол', ${columns.map((c) => `(x->>'${c}')::${typeOf(c)}`).join(', ')}
         FROM jsonb_array_elements($1::jsonb) AS x`,
      [JSON.stringify(rows.map((r) => ({ ...r, n: ++serial })))],
    );
  }

  const typeOf = (column: string) =>
    column.endsWith('_at') || column.endsWith('_until') ? 'timestamptz' : column.endsWith('_id') ? 'uuid' : column.endsWith('_seconds') ? 'int' : 'text';

  /** Changes some of `count` tickets' columns (a random subset each time, the appeal's four together). */
  async function update(count: number): Promise<void> {
    const ids = (await app.dataSource.query(`SELECT id FROM tickets ORDER BY random() LIMIT $1`, [count])) as Array<{ id: string }>;
    for (const { id } of ids) {
      const next = state();
      const appeal = [
        'formal_appeal_number',
        'formal_appeal_registered_at',
        'formal_appeal_due_at',
        'formal_appeal_answered_at',
        'formal_appeal_extended_until',
      ];
      const columns = Object.keys(next).filter((c) => !appeal.includes(c) && random() < 0.35);
      if (random() < 0.2) columns.push(...appeal);
      if (!columns.length) continue;
      await app.dataSource.query(`UPDATE tickets SET ${columns.map((c, i) => `${c} = $${i + 2}::${typeOf(c)}`).join(', ')} WHERE id = $1`, [
        id,
        ...columns.map((c) => next[c]),
      ]);
    }
  }

  const remove = async (count: number) => app.dataSource.query(`DELETE FROM tickets WHERE id IN (SELECT id FROM tickets ORDER BY random() LIMIT $1)`, [count]);

  const at = (d: string) => parseReportInstant(d);
  const PERIODS: Array<[string, ReportPeriod]> = [
    ['February', monthPeriod('2026-02')],
    ['February and March', { from: at('2026-02-01'), to: at('2026-04-01') }],
    ['all of it, with edges', { from: at('2026-01-01'), to: at('2026-05-01') }],
    ['mid-January to mid-April', { from: at('2026-01-25'), to: at('2026-04-05') }],
    ['ten days of March', { from: at('2026-03-10'), to: at('2026-03-20') }],
  ];
  const scopes = (): Array<[string, TicketScope]> => [
    ['all', { kind: 'all' }],
    ['a district', { kind: 'districts', districtIds: [s.districts.merki.id] }],
    ['a department', { kind: 'department', departmentId: s.departments.land.id }],
  ];

  async function expectAgreement(when: string): Promise<void> {
    for (const [scopeName, scope] of scopes()) {
      for (const [periodName, period] of PERIODS) {
        const [read, counted] = await Promise.all([cells.cells(scope, period), cells.liveCells(scope, period)]);
        // liveCells has no "overdue now" rows; the read adds them from the tickets, counted here the same way.
        const overdue = (await app.dataSource.query(
          `SELECT count(*)::int AS n FROM tickets t WHERE formal_appeal_registered_at IS NOT NULL AND formal_appeal_answered_at IS NULL AND formal_appeal_due_at < now()
             AND received_at >= $1 AND received_at < $2 AND ($3::uuid IS NULL OR district_id = $3 OR district_id IS NULL) AND ($4::uuid IS NULL OR department_id = $4)`,
          [period.from, period.to, scope.kind === 'districts' ? scope.districtIds[0] : null, scope.kind === 'department' ? scope.departmentId : null],
        )) as Array<{ n: number }>;
        const label = `${when}: ${scopeName}, ${periodName}`;
        const withoutOverdue = read.map((c) => ({ ...c, formalAppealsOverdue: 0 }));
        expect([label, byGroup(withoutOverdue)]).toEqual([label, byGroup(counted)]);
        expect([label, read.reduce((n, c) => n + c.formalAppealsOverdue, 0)]).toEqual([label, overdue[0]!.n]);
      }
    }
  }

  beforeAll(async () => {
    app = await TestApp.start();
    s = await buildScenario(app);
    cells = app.api.get(ReportCellsRepository);
  });
  afterAll(() => app.close());

  it('agrees after writes with no fold, after partial folds and after full ones, deletions included', async () => {
    await insert(400);
    await expectAgreement('inserted, never folded');
    await app.api.get(ReportsService).foldCells();
    expect((await app.dataSource.query(`SELECT count(*)::int AS n FROM report_changes`))[0].n).toBe(0);
    // Every folded month has a version, so the reads below go through the kept months' cells.
    expect(
      (
        await app.dataSource.query(
          `SELECT count(DISTINCT month_from)::int AS n FROM report_cells WHERE month_from NOT IN (SELECT month_from FROM report_cell_versions)`,
        )
      )[0].n,
    ).toBe(0);
    await expectAgreement('inserted and folded');
    for (let round = 1; round <= 6; round++) {
      await update(60);
      await remove(4);
      await insert(15);
      await expectAgreement(`round ${round}, logged`);
      if (round % 3 === 1) await cells.fold(7);
      else if (round % 3 === 2) await app.api.get(ReportsService).foldCells();
      await expectAgreement(`round ${round}, after ${['a full fold', 'a partial fold', 'no fold'][round % 3]}`);
    }
  });

  it('stays exact while tickets change during folds', async () => {
    let writing = true;
    const writers = Promise.all(
      Array.from({ length: 3 }, async () => {
        for (let i = 0; i < 25; i++) await update(2);
      }),
    ).finally(() => (writing = false));
    const folder = (async () => {
      while (writing) await cells.fold(5);
    })();
    await Promise.all([writers, folder]);
    await expectAgreement('after concurrent writes and folds');
    await app.api.get(ReportsService).foldCells();
    expect((await app.dataSource.query(`SELECT count(*)::int AS n FROM report_changes`))[0].n).toBe(0);
    await expectAgreement('folded to the end');
  });

  it('forgets everything when the tickets are truncated', async () => {
    await app.dataSource.query(`TRUNCATE tickets CASCADE`);
    const counts = (
      await app.dataSource.query(`SELECT (SELECT count(*) FROM report_cells)::int AS cells, (SELECT count(*) FROM report_changes)::int AS changes`)
    )[0];
    expect(counts).toEqual({ cells: 0, changes: 0 });
    expect(await cells.cells({ kind: 'all' }, monthPeriod('2026-02'))).toEqual([]);
  });
});
