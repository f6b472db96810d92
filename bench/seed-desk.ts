import pg from 'pg';
import { DEFAULT_WORKING_HOURS, hashPassword, monthOf, monthPeriod, previousMonth } from '@app/domain';
import { REBUILD_REPORT_CELLS_SQL, STAMP_ALL_MONTHS_SQL, migrate } from '@app/database';
import { RESIDENT_TEXTS, dbUrl, freshDatabase } from './bench-support.js';

/** Every seeded user's password. */
export const BENCH_PASSWORD = 'bench-password';
export const DISTRICTS = 12;
export const DEPARTMENTS = 10;
/** A head and three staff per department. */
export const MEMBERS = 4;
export const PAGES_PER_DISTRICT = 3;

export interface SeededDesk {
  url: string;
  /** An open client on the desk's database; the caller ends it. */
  db: pg.Client;
  districts: string[];
  departments: string[];
  /** Department by department, head first: `m<department>.<k>@bench.kz`. */
  members: string[];
  pages: string[];
  /** The twelve months before `now`, oldest first. */
  months: string[];
  counts: { tickets: number; events: number; size: string };
  seedSeconds: number;
  /** The desk was found already seeded (BENCH_REUSE=1) and only migrated: the caller's own extras are in it if `marks` says so. */
  reused: boolean;
  /** What benchmarks added to this desk after seeding (see `markDesk`). */
  marks: string[];
}

/** What residents wrote, in turn (searches then find some words in a sixth of the tickets, some in none). */
const TEXTS = [
  { text: 'Жол бұзылған, көмектесіңіздер', language: 'kk' },
  ...RESIDENT_TEXTS.map((text) => ({ text, language: /[әғқңөұүһі]/i.test(text) ? 'kk' : 'ru' })),
];

/** The desk's own record of what it holds, so BENCH_REUSE=1 can tell a finished seeding from an interrupted one. */
const DESK_TABLE = 'bench_desk';

/** Records that a benchmark finished adding its own rows to the desk (BENCH_REUSE=1 then skips that too). */
export async function markDesk(db: pg.Client, mark: string): Promise<void> {
  await db.query(`UPDATE ${DESK_TABLE} SET marks = array_append(marks, $1)`, [mark]);
}

/**
 * The desk seeded earlier under `name` with exactly `tickets` tickets, brought up to the current
 * migrations; null when there is none (or its seeding did not finish).
 */
async function existingDesk(name: string, tickets: number): Promise<SeededDesk | null> {
  const admin = new pg.Client({ connectionString: dbUrl('postgres') });
  await admin.connect();
  const exists = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1;
  await admin.end();
  if (!exists) return null;
  const url = dbUrl(name);
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  const desk = (await db.query(`SELECT to_regclass('${DESK_TABLE}') IS NOT NULL AS present`)).rows[0]!.present
    ? ((await db.query(`SELECT tickets, seeded_at, seed_seconds, marks FROM ${DESK_TABLE}`)).rows[0] as
        { tickets: number; seeded_at: Date; seed_seconds: number; marks: string[] } | undefined)
    : undefined;
  if (desk?.tickets !== tickets) {
    await db.end();
    return null;
  }
  // A migration that rewrote rows leaves them out of the visibility map until autovacuum comes by,
  // which on a live desk is soon: vacuum now, so the benchmark measures the index-only reads it would.
  if ((await migrate(url)).length) await db.query('VACUUM ANALYZE tickets');
  const ids = async (sql: string) => (await db.query(sql)).rows.map((r: { id: string }) => r.id);
  const counts = (
    await db.query(
      `SELECT count(*)::int AS tickets, (SELECT count(*)::int FROM ticket_events) AS events, pg_size_pretty(pg_total_relation_size('tickets')) AS size FROM tickets`,
    )
  ).rows[0] as SeededDesk['counts'];
  console.log(`reusing ${name}: ${counts.tickets} tickets seeded at ${desk.seeded_at.toISOString()} (BENCH_REUSE=1)`);
  return {
    url,
    db,
    districts: await ids(`SELECT id FROM districts ORDER BY substr(code, 2)::int`),
    departments: await ids(`SELECT id FROM departments ORDER BY substr(code, 4)::int`),
    members: await ids(`SELECT id FROM users WHERE department_id IS NOT NULL ORDER BY substring(email from '^m(\\d+)')::int, email`),
    pages: await ids(`SELECT id FROM pages ORDER BY substring(external_id from '^p(\\d+)')::int, external_id`),
    months: deskMonths(desk.seeded_at),
    counts,
    seedSeconds: desk.seed_seconds,
    reused: true,
    marks: desk.marks,
  };
}

/** The twelve months before `now`, oldest first. */
function deskMonths(now: Date): string[] {
  const months: string[] = [];
  for (let m = monthOf(now); months.length < 12;) months.unshift((m = previousMonth(m)));
  return months;
}

/**
 * A regional desk with `tickets` tickets received over the twelve months before `now`, seeded inside
 * PostgreSQL with generate_series (12 districts, 10 departments of a head and three staff, three
 * pages per district, realistic shares of answered, resolved, rejected, merged and breached tickets,
 * with their sla.breached events), shared by the reports and console benchmarks. Memory stays
 * bounded whatever the count: every row is made by the database, 100,000 a statement, with progress
 * on stdout. Users: governor@bench.kz, press@bench.kz (first district) and the members, all with
 * BENCH_PASSWORD. With BENCH_REUSE=1 a desk of the same name and size seeded before is reused (and
 * migrated to the current schema) instead: its months are then those before its own seeding.
 */
export async function seedDesk(name: string, tickets: number, now = new Date()): Promise<SeededDesk> {
  if (process.env.BENCH_REUSE === '1') {
    const existing = await existingDesk(name, tickets);
    if (existing) return existing;
  }
  const url = await freshDatabase(name);
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  const ids = async (sql: string, params: unknown[] = []) => (await db.query(sql, params)).rows.map((r: { id: string }) => r.id);

  const setupStarted = Date.now();
  const districts = await ids(
    `INSERT INTO districts (code, name_kk, name_ru) SELECT 'd' || i, 'Аудан ' || i, 'Район ' || i FROM generate_series(1, $1) i ORDER BY i RETURNING id`,
    [DISTRICTS],
  );
  const departments = await ids(
    `INSERT INTO departments (code, name_kk, name_ru) SELECT 'dep' || i, 'Басқарма ' || i, 'Управление ' || i FROM generate_series(1, $1) i ORDER BY i RETURNING id`,
    [DEPARTMENTS],
  );
  await db.query(
    `INSERT INTO categories (code, name_kk, name_ru, department_id) SELECT 'cat' || i, 'Санат ' || i, 'Категория ' || i, d FROM unnest($1::uuid[]) WITH ORDINALITY AS x(d, i)`,
    [departments],
  );
  const hash = await hashPassword(BENCH_PASSWORD);
  // Members ordered department by department, head first: ticket i's assignee is members[department * 4 + k].
  const members = await ids(
    `INSERT INTO users (email, password_hash, full_name, role, department_id)
     SELECT 'm' || i || '.' || k || '@bench.kz', $1, 'Member ' || i || '.' || k, CASE k WHEN 0 THEN 'department_head' ELSE 'department_staff' END, d
       FROM unnest($2::uuid[]) WITH ORDINALITY AS x(d, i), generate_series(0, $3 - 1) k ORDER BY i, k RETURNING id`,
    [hash, departments, MEMBERS],
  );
  await db.query(
    `INSERT INTO users (email, password_hash, full_name, role, district_ids) VALUES ('governor@bench.kz', $1, 'Governor', 'governor_office', '{}'), ('press@bench.kz', $1, 'Press', 'press_secretary', ARRAY[$2::uuid])`,
    [hash, districts[0]],
  );
  const pages = await ids(
    `INSERT INTO pages (channel, external_id, district_id, title)
     SELECT 'facebook', 'p' || i || '.' || k, d, 'Аудан ' || i || ' әкімдігі ' || k FROM unnest($1::uuid[]) WITH ORDINALITY AS x(d, i), generate_series(1, $2) k ORDER BY i, k RETURNING id`,
    [districts, PAGES_PER_DISTRICT],
  );
  const [calendar] = await ids(`INSERT INTO calendars (name, working_hours) VALUES ('Kazakhstan 5-day', $1) RETURNING id`, [
    JSON.stringify(DEFAULT_WORKING_HOURS),
  ]);
  const [policy] = await ids(`UPDATE sla_policies SET calendar_id = $1 WHERE is_default RETURNING id`, [calendar]);

  // The twelve months before this one, tickets evenly spread (a ticket every ~30 s).
  const months = deskMonths(now);
  const yearFrom = monthPeriod(months[0]!).from;
  const yearTo = monthPeriod(months[11]!).to;
  const stepMs = (yearTo.getTime() - yearFrom.getTime()) / tickets;

  // One INSERT … SELECT per chunk, all generated in PostgreSQL (setseed makes the data the same on every run).
  // Business seconds are not computed on a calendar here: 30% of the wall clock is a plausible share of working time.
  await db.query('SELECT setseed(0.42)');
  // The reports' cells are counted once at the end rather than logged ticket by ticket (ten million log rows).
  await db.query('ALTER TABLE tickets DISABLE TRIGGER tickets_report_changes');
  const CHUNK = 100_000;
  for (let start = 1; start <= tickets; start += CHUNK) {
    await db.query(
      `INSERT INTO tickets (reference, channel, page_id, district_id, department_id, category_code, assignee_id, status, author_name, text, language,
                            received_at, created_at, updated_at, first_response_at, first_response_business_seconds, resolved_at, closed_at,
                            sla_policy_id, first_response_due_at, resolution_due_at, first_response_breached_at, resolution_breached_at, escalation_level, sla_state)
       SELECT 'BENCH-' || g, CASE WHEN page THEN 'facebook' ELSE 'manual' END,
              CASE WHEN page THEN ($3::uuid[])[d * ${PAGES_PER_DISTRICT} + g % ${PAGES_PER_DISTRICT} + 1] END,
              CASE WHEN no_district THEN NULL ELSE ($4::uuid[])[d + 1] END,
              CASE WHEN status <> 'new' THEN ($5::uuid[])[dep + 1] END,
              CASE WHEN status <> 'new' THEN 'cat' || (dep + 1) END,
              CASE WHEN status NOT IN ('new', 'triaged') THEN ($6::uuid[])[dep * ${MEMBERS} + (g / 10) % ${MEMBERS} + 1] END,
              status, 'Тұрғын', ($11::text[])[g % ${TEXTS.length} + 1] || ' №' || (g % 1000), ($12::text[])[g % ${TEXTS.length} + 1],
              received, received, GREATEST(received, fr, resolved), fr, round(extract(epoch FROM fr - received) * 0.3)::int, resolved,
              CASE WHEN status = 'closed' THEN LEAST(resolved + interval '1 day', $7) END,
              $8, received + interval '1 day', received + interval '15 days', fr_breach, res_breach,
              CASE WHEN fr_breach IS NULL AND res_breach IS NULL THEN 0 WHEN r_level < 0.3 THEN 2 ELSE 1 END,
              CASE WHEN fr_breach IS NOT NULL OR res_breach IS NOT NULL THEN 'breached' WHEN status IN ('resolved', 'closed') THEN 'met' ELSE 'ok' END
         FROM (
           SELECT *, CASE WHEN COALESCE(fr, $7) > received + interval '1 day' THEN received + interval '1 day' END AS fr_breach,
                     CASE WHEN status NOT IN ('rejected', 'merged') AND COALESCE(resolved, $7) > received + interval '15 days' THEN received + interval '15 days' END AS res_breach
             FROM (
               SELECT *, CASE WHEN r_fr < 0.88 THEN LEAST(received + r_fr_time ^ 3 * interval '3 days', $7) END AS fr,
                         CASE WHEN status IN ('resolved', 'closed') THEN LEAST(received + interval '1 hour' + r_res ^ 2 * interval '20 days', $7) END AS resolved
                 FROM (
                   SELECT g, $1::timestamptz + (g - 1) * $2::float8 * interval '1 millisecond' AS received, (g * 7) % ${DISTRICTS} AS d, g % ${DEPARTMENTS} AS dep,
                          random() < 0.04 AS no_district, random() < 0.8 AS page, random() AS r_fr, random() AS r_fr_time, random() AS r_res, random() AS r_level,
                          (ARRAY['rejected', 'merged', 'closed', 'resolved', 'new', 'triaged', 'assigned', 'in_progress', 'awaiting_resident', 'reopened'])[
                            width_bucket(random(), ARRAY[0, 0.03, 0.05, 0.62, 0.78, 0.80, 0.83, 0.88, 0.95, 0.98]::float8[])] AS status
                     FROM generate_series($9::int, $10::int) g
                 ) raw
             ) timed
         ) t`,
      [
        yearFrom,
        stepMs,
        pages,
        districts,
        departments,
        members,
        now,
        policy,
        start,
        Math.min(tickets, start + CHUNK - 1),
        TEXTS.map((t) => t.text),
        TEXTS.map((t) => t.language),
      ],
    );
    process.stdout.write(`\rseeded ${Math.min(tickets, start + CHUNK - 1)} of ${tickets} tickets (${((Date.now() - setupStarted) / 1000).toFixed(0)} s)`);
  }
  // The breach events (who held the ticket then) and when rejected/merged/closed tickets stopped, as the engine and the API write them:
  // a month of tickets per statement, so ten million tickets load with progress and in bounded work per statement.
  for (const [i, month] of months.entries()) {
    const { from, to } = monthPeriod(month);
    const inMonth = `received_at >= $1 AND received_at < $2`;
    await db.query(
      `INSERT INTO ticket_events (ticket_id, type, from_status, to_status, payload, created_at)
       SELECT id, 'sla.breached', NULL, NULL, jsonb_build_object('step', 'first_response.breach', 'clock', 'first_response', 'dueAt', first_response_breached_at, 'assigneeId', assignee_id, 'escalationLevel', 1), first_response_breached_at
         FROM tickets WHERE ${inMonth} AND first_response_breached_at IS NOT NULL
       UNION ALL
       SELECT id, 'sla.breached', NULL, NULL, jsonb_build_object('step', 'resolution.breach', 'clock', 'resolution', 'dueAt', resolution_breached_at, 'assigneeId', assignee_id, 'escalationLevel', 1), resolution_breached_at
         FROM tickets WHERE ${inMonth} AND resolution_breached_at IS NOT NULL
       UNION ALL
       SELECT id, 'ticket.status_changed', 'assigned', status, '{}', COALESCE(closed_at, received_at + interval '2 days')
         FROM tickets WHERE ${inMonth} AND status IN ('rejected', 'merged', 'closed')`,
      [from, to],
    );
    process.stdout.write(`\rseeded the events of ${i + 1} of ${months.length} months (${((Date.now() - setupStarted) / 1000).toFixed(0)} s)   `);
  }
  const cellsStarted = Date.now();
  await db.query('TRUNCATE report_cells, report_changes, report_cell_versions');
  await db.query(REBUILD_REPORT_CELLS_SQL);
  await db.query(STAMP_ALL_MONTHS_SQL);
  await db.query('ALTER TABLE tickets ENABLE TRIGGER tickets_report_changes');
  console.log(`counted the reports' cells in ${((Date.now() - cellsStarted) / 1000).toFixed(0)} s`);
  // What autovacuum does after a bulk load: statistics for the planner, the visibility map for index-only scans.
  await db.query('VACUUM ANALYZE tickets');
  await db.query('VACUUM ANALYZE ticket_events');
  await db.query('VACUUM ANALYZE report_cells');
  const seeded = Date.now();
  const counts = (
    await db.query(
      `SELECT count(*)::int AS tickets, (SELECT count(*)::int FROM ticket_events) AS events, pg_size_pretty(pg_total_relation_size('tickets')) AS size FROM tickets`,
    )
  ).rows[0] as { tickets: number; events: number; size: string };
  process.stdout.write(
    `\rseeded ${counts.tickets} tickets, ${counts.events} events in ${((seeded - setupStarted) / 1000).toFixed(0)} s (tickets: ${counts.size})\n`,
  );
  const seedSeconds = Math.round((seeded - setupStarted) / 1000);
  await db.query(
    `CREATE TABLE ${DESK_TABLE} (tickets int NOT NULL, seeded_at timestamptz NOT NULL, seed_seconds int NOT NULL, marks text[] NOT NULL DEFAULT '{}')`,
  );
  await db.query(`INSERT INTO ${DESK_TABLE} (tickets, seeded_at, seed_seconds) VALUES ($1, $2, $3)`, [counts.tickets, now, seedSeconds]);
  return { url, db, districts, departments, members, pages, months, counts, seedSeconds, reused: false, marks: [] };
}
