import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { cpus } from 'node:os';
import { Pool } from 'undici';
import { OPEN_STATUSES } from '@app/domain';
import { REDIS_URL, clearRedisPrefix, cpuByProcess, cpuSpent, percentile, sleep, startProcess, stopProcess, writeResult } from './bench-support.js';
import { BENCH_PASSWORD, markDesk, seedDesk } from './seed-desk.js';

/**
 * The console's read paths under concurrent use. Seeds BENCH_TICKETS tickets (default 1,000,000) as
 * the reports benchmark does, plus what the screens read besides tickets (public replies, SLA
 * notifications, clusters), starts the real API process, and drives each request with BENCH_CONNECTIONS
 * (default 50) concurrent keep-alive connections for BENCH_SECONDS (default 15) after a short warm-up.
 * Reports req/s, p50/p95/p99 and CPU milliseconds per request of the API process and of PostgreSQL,
 * next to the framework's ceiling (`/health/live`) measured in the same run.
 * BENCH_REUSE=1 keeps the seeded database (tynda_bench_console) between runs: a run reuses it when it
 * holds a finished desk of BENCH_TICKETS tickets, applying any newer migrations, and seeds it otherwise.
 * Targets: lists >= 1,000 req/s with p99 < 100 ms; one ticket >= 1,500 req/s; search p95 < 200 ms.
 * Each role's connections are one user asking for the same list, so identical requests that arrive
 * together share a read (SharedReads), as a scope's consoles do after a live event; the `unshared`
 * scenarios (no target) give every request a different query, to show what a read nobody shares costs.
 */
const TICKETS = Number(process.env.BENCH_TICKETS ?? 1_000_000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 3);
const PORT = Number(process.env.BENCH_PORT ?? 3903);
const PREFIX = 'tynda-bench-console';
const ONLY = process.env.BENCH_ONLY; // a substring of the scenario names to run just those

const desk = await seedDesk('tynda_bench_console', TICKETS);
const { url, db, districts, members } = desk;
const extraStarted = Date.now();
if (!desk.marks.includes('console')) await seedConsoleExtras();
async function seedConsoleExtras() {
  // A public reply on every answered ticket of the first two districts (the press secretary's and one more).
  await db.query(
    `INSERT INTO ticket_replies (ticket_id, author_id, body, visibility, delivery_status, created_at, delivered_at)
     SELECT id, $2, 'Сәлеметсіз бе! Өтінішіңіз қаралуда. / Здравствуйте! Ваше обращение рассматривается.', 'public', 'delivered', first_response_at, first_response_at
       FROM tickets WHERE district_id = ANY($1::uuid[]) AND first_response_at IS NOT NULL`,
    [districts.slice(0, 2), members[0]],
  );
  // What the SLA engine leaves in people's notification lists: each breach to the assignee, and the first district's to its press secretary.
  await db.query(
    `INSERT INTO notifications (user_id, kind, ticket_id, step, created_at, read_at)
     SELECT COALESCE(t.assignee_id, $2), 'sla.breached', t.id, 'first_response.breach', t.first_response_breached_at,
            CASE WHEN t.first_response_breached_at < now() - interval '7 days' THEN t.first_response_breached_at + interval '1 hour' END
       FROM tickets t WHERE t.first_response_breached_at IS NOT NULL AND t.assignee_id IS NOT NULL
     UNION ALL
     SELECT u.id, 'sla.breached', t.id, 'first_response.breach', t.first_response_breached_at,
            CASE WHEN t.first_response_breached_at < now() - interval '7 days' THEN t.first_response_breached_at + interval '1 hour' END
       FROM tickets t JOIN users u ON u.email = 'press@bench.kz'
      WHERE t.first_response_breached_at IS NOT NULL AND t.district_id = $1
     ON CONFLICT DO NOTHING`,
    [districts[0], members[0]],
  );
  // Clusters of similar complaints: one per district and category and month, holding a tenth of the tickets.
  await db.query(
    `INSERT INTO clusters (district_id, category_code, title, created_at, updated_at)
     SELECT DISTINCT ON (district_id, category_code, date_trunc('month', received_at)) district_id, category_code,
            'Жол бұзылған / Разбитая дорога', date_trunc('month', received_at), date_trunc('month', received_at) + interval '20 days'
       FROM tickets WHERE district_id IS NOT NULL AND category_code IS NOT NULL`,
  );
  await db.query(
    `UPDATE tickets t SET cluster_id = c.id FROM clusters c
      WHERE c.district_id = t.district_id AND c.category_code = t.category_code
        AND c.created_at = date_trunc('month', t.received_at) AND right(t.reference, 1) = '0'`,
  );
  await db.query('VACUUM ANALYZE ticket_replies');
  await db.query('VACUUM ANALYZE notifications');
  await db.query('VACUUM ANALYZE clusters');
  await db.query('VACUUM ANALYZE tickets');
  await markDesk(db, 'console');
}
const extraSeconds = Math.round((Date.now() - extraStarted) / 1000);
const extra = (
  await db.query(
    `SELECT (SELECT count(*)::int FROM ticket_replies) AS replies, (SELECT count(*)::int FROM notifications) AS notifications, (SELECT count(*)::int FROM clusters) AS clusters`,
  )
).rows[0] as { replies: number; notifications: number; clusters: number };
console.log(`and ${extra.replies} replies, ${extra.notifications} notifications, ${extra.clusters} clusters in ${extraSeconds} s`);

// Tickets each reader may open: the press secretary's own district, and any for the governor.
const pressTicketIds = (await db.query(`SELECT id FROM tickets WHERE district_id = $1 ORDER BY received_at DESC LIMIT 500`, [districts[0]])).rows.map(
  (r: { id: string }) => r.id,
);
const anyTicketIds = (await db.query(`SELECT id FROM tickets TABLESAMPLE SYSTEM (1) LIMIT 500`)).rows.map((r: { id: string }) => r.id);

await clearRedisPrefix(PREFIX);
const env = {
  DATABASE_URL: url,
  REDIS_URL,
  QUEUE_PREFIX: PREFIX,
  PORT: String(PORT),
  LOG_LEVEL: 'warn',
  NODE_ENV: 'production',
  JWT_SECRET: randomBytes(48).toString('base64'),
  SECRETS_KEY: randomBytes(32).toString('base64'),
};
const api = startProcess('apps/api/src/main.js', env, 'api');
const origin = `http://127.0.0.1:${PORT}`;
const readyBy = Date.now() + 60_000;
while (
  !(await fetch(`${origin}/api/v1/health/ready`).then(
    (r) => r.ok,
    () => false,
  ))
) {
  if (Date.now() > readyBy) throw new Error('the API did not become ready within 60 s');
  await sleep(200);
}
async function token(email: string): Promise<string> {
  const res = await fetch(`${origin}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password: BENCH_PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`sign-in of ${email}: ${res.status}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}
const [governor, press, head] = await Promise.all(['governor@bench.kz', 'press@bench.kz', 'm1.0@bench.kz'].map(token));

type Kind = 'ceiling' | 'list' | 'ticket' | 'search' | 'unshared';
interface Scenario {
  name: string;
  kind: Kind;
  token?: string;
  /** The path of the i-th request (ids rotate so the cache of one row does not flatter the figure). */
  path: (i: number) => string;
}
const OPEN = OPEN_STATUSES.join(',');
const q = (s: string) => encodeURIComponent(s);
/** A different `to` for each request: no two requests in flight are the same, so none can share a read. */
const T0 = Date.now();
const unshared = (i: number) => `to=${q(new Date(T0 - i * 1000).toISOString())}`;
const scenarios = (
  [
    { name: 'framework ceiling: /health/live', kind: 'ceiling', token: undefined, path: () => '/api/v1/health/live' },
    {
      name: 'triage queue (new, by urgency), press secretary',
      kind: 'list',
      token: press,
      path: () => '/api/v1/tickets?status=new&sort=urgency&limit=50&count=true',
    },
    { name: 'inbox (open), department head', kind: 'list', token: head, path: () => `/api/v1/tickets?status=${OPEN}&limit=50` },
    { name: 'ticket list, 50 newest, governor', kind: 'list', token: governor, path: () => '/api/v1/tickets?limit=50' },
    { name: 'unread notifications, press secretary', kind: 'list', token: press, path: () => '/api/v1/notifications?unread=true&limit=100' },
    { name: 'cluster list, press secretary', kind: 'list', token: press, path: () => '/api/v1/clusters?limit=50' },
    { name: 'one ticket, governor', kind: 'ticket', token: governor, path: (i) => `/api/v1/tickets/${anyTicketIds[i % anyTicketIds.length]}` },
    { name: 'one ticket, press secretary', kind: 'ticket', token: press, path: (i) => `/api/v1/tickets/${pressTicketIds[i % pressTicketIds.length]}` },
    {
      name: 'ticket events, press secretary',
      kind: 'ticket',
      token: press,
      path: (i) => `/api/v1/tickets/${pressTicketIds[i % pressTicketIds.length]}/events`,
    },
    {
      name: 'ticket replies, press secretary',
      kind: 'ticket',
      token: press,
      path: (i) => `/api/v1/tickets/${pressTicketIds[i % pressTicketIds.length]}/replies`,
    },
    { name: 'search "су" (kk, 2 letters), governor', kind: 'search', token: governor, path: () => `/api/v1/tickets?q=${q('су')}&limit=50` },
    { name: 'search "жол" (kk), press secretary', kind: 'search', token: press, path: () => `/api/v1/tickets?q=${q('жол')}&limit=50` },
    { name: 'search "вода" (ru), governor', kind: 'search', token: governor, path: () => `/api/v1/tickets?q=${q('вода')}&limit=50` },
    {
      name: 'search "разбитая дорога возле школы" (ru, long), governor',
      kind: 'search',
      token: governor,
      path: () => `/api/v1/tickets?q=${q('разбитая дорога возле школы')}&limit=50`,
    },
    {
      name: 'search "көмектесіңіздер" (kk, long), press secretary',
      kind: 'search',
      token: press,
      path: () => `/api/v1/tickets?q=${q('көмектесіңіздер')}&limit=50`,
    },
    // What identical requests arriving together (SharedReads) cannot help: every request a different one.
    {
      name: 'unshared: triage queues, a different `to` each, press secretary',
      kind: 'unshared',
      token: press,
      path: (i) => `/api/v1/tickets?status=new&sort=urgency&limit=50&count=true&${unshared(i)}`,
    },
    {
      name: 'unshared: ticket lists, 50 newest, a different `to` each, governor',
      kind: 'unshared',
      token: governor,
      path: (i) => `/api/v1/tickets?limit=50&${unshared(i)}`,
    },
    {
      name: 'unshared: search "жол", a different `to` each, press secretary',
      kind: 'unshared',
      token: press,
      path: (i) => `/api/v1/tickets?q=${q('жол')}&limit=50&${unshared(i)}`,
    },
  ] satisfies Scenario[] as Scenario[]
).filter((s) => !ONLY || s.name.includes(ONLY));

const TARGETS: Record<Kind, { minRps?: number; maxP99Ms?: number; maxP95Ms?: number }> = {
  ceiling: {},
  list: { minRps: 1000, maxP99Ms: 100 },
  ticket: { minRps: 1500 },
  search: { maxP95Ms: 200 },
  // No target: these show the cost of a read nobody shares.
  unshared: {},
};

/** CONNECTIONS loops, each sending its next request when the previous answer is read, until `until`. */
async function drive(s: Scenario, until: number, record: boolean) {
  const pool = new Pool(origin, { connections: CONNECTIONS, pipelining: 1 });
  const headers: Record<string, string> = s.token ? { authorization: `Bearer ${s.token}` } : {};
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const loop = async () => {
    while (Date.now() < until) {
      const path = s.path(next++);
      const t0 = performance.now();
      const res = await pool.request({ method: 'GET', path, headers });
      await res.body.arrayBuffer();
      if (res.statusCode !== 200) {
        errors++;
        if (errors === 1) console.error(`${s.name}: ${res.statusCode} on ${path}`);
      }
      if (record) latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, loop));
  await pool.close();
  return { latencies, errors };
}

const apiPid = api.pid!;
const benchPid = process.pid;
const results = [];
for (const s of scenarios) {
  await drive(s, Date.now() + WARMUP_SECONDS * 1000, false);
  const before = cpuByProcess();
  const started = performance.now();
  const { latencies, errors } = await drive(s, Date.now() + SECONDS * 1000, true);
  const elapsed = (performance.now() - started) / 1000;
  const cpu = cpuSpent(before, cpuByProcess(), { api: [apiPid], bench: [benchPid] });
  latencies.sort((a, b) => a - b);
  const n = latencies.length;
  const perRequestMs = (seconds: number | undefined) => Number((((seconds ?? 0) * 1000) / n).toFixed(2));
  const target = TARGETS[s.kind];
  const row = {
    scenario: s.name,
    kind: s.kind,
    requests: n,
    errors,
    rps: Math.round(n / elapsed),
    p50Ms: Number(percentile(latencies, 50).toFixed(1)),
    p95Ms: Number(percentile(latencies, 95).toFixed(1)),
    p99Ms: Number(percentile(latencies, 99).toFixed(1)),
    cpuMsPerRequest: { api: perRequestMs(cpu.api), postgres: perRequestMs(cpu.postgres), loadGenerator: perRequestMs(cpu.bench) },
    target,
    targetMet:
      errors === 0 &&
      (target.minRps === undefined || n / elapsed >= target.minRps) &&
      (target.maxP99Ms === undefined || percentile(latencies, 99) < target.maxP99Ms) &&
      (target.maxP95Ms === undefined || percentile(latencies, 95) < target.maxP95Ms),
  };
  console.log(JSON.stringify(row));
  results.push(row);
}
await stopProcess(api);
await db.end();
await clearRedisPrefix(PREFIX);

const result = {
  benchmark: 'console',
  at: new Date().toISOString(),
  machine: { cpus: cpus().length, node: process.version },
  load: { connections: CONNECTIONS, seconds: SECONDS, warmupSeconds: WARMUP_SECONDS },
  data: { ...desk.counts, ...extra, seedSeconds: desk.seedSeconds + extraSeconds, reused: desk.reused },
  scenarios: results,
  targetMet: results.every((r) => r.targetMet),
};
const file = writeResult('console', result);
console.log(JSON.stringify(result, null, 2));
console.log(`written to ${file}`);
process.exit(result.targetMet ? 0 : 1);
