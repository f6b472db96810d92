import 'reflect-metadata';
import { createHmac, randomBytes } from 'node:crypto';
import { cpus } from 'node:os';
import pg from 'pg';
import { Pool } from 'undici';
import { DEFAULT_WORKING_HOURS, hashPassword } from '@app/domain';
import {
  REDIS_URL,
  RESIDENT_TEXTS,
  clearRedisPrefix,
  cpuByProcess,
  cpuSpent,
  feedComment,
  freshDatabase,
  percentile,
  sleep,
  startProcess,
  stopProcess,
  writeResult,
} from './bench-support.js';

/**
 * Signed Facebook deliveries posted over HTTP on loopback to the real API process, turned into
 * tickets by BENCH_WORKERS real worker processes. Reports acknowledged deliveries/s, tickets/s end to
 * end (first POST to last ticket committed) and acknowledge latency, next to two ceilings measured in
 * the same run on the same database: raw single-row INSERTs into the inbox and into tickets.
 */
const DELIVERIES = Number(process.env.BENCH_DELIVERIES ?? 20_000);
const COMMENTS_PER_DELIVERY = Number(process.env.BENCH_COMMENTS ?? 1);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const WORKERS = Number(process.env.BENCH_WORKERS ?? 1);
const PORT = Number(process.env.BENCH_PORT ?? 3901);
// BENCH_ROUTED=0: road complaints have no department, so no ticket is assigned (isolates intake from assignment).
const ROUTED = process.env.BENCH_ROUTED !== '0';
const CEILING_ROWS = 10_000;
const HISTORY = Number(process.env.BENCH_HISTORY ?? 50_000);
const WARM_UP = Number(process.env.BENCH_WARMUP ?? 5_000);
const SECRET = 'bench-app-secret';
const PAGE = '104538291276431';
const PREFIX = 'tynda-bench-intake';

const url = await freshDatabase('tynda_bench_intake');
await clearRedisPrefix(PREFIX);
const db = new pg.Pool({ connectionString: url, max: 2 });

const [{ district }] = (
  await db.query(`INSERT INTO districts (code, name_kk, name_ru) VALUES ('merki', 'Меркі ауданы', 'Меркенский район') RETURNING id AS district`)
).rows;
const [{ roads }] = (await db.query(`INSERT INTO departments (code, name_kk, name_ru) VALUES ('roads', 'Жолдар', 'Дороги') RETURNING id AS roads`)).rows;
await db.query(
  `INSERT INTO categories (code, name_kk, name_ru, department_id, keywords) VALUES ('roads', 'Жол', 'Дороги', $1, '{жол,дорог,ям}'), ('water', 'Су', 'Вода', NULL, '{су,вод}')`,
  [ROUTED ? roads : null],
);
// SLA deadlines on the akimat's working calendar (09:00-18:00, Monday to Friday, Asia/Almaty), as
// the seed sets every policy: 15 working days are counted day by day for every new ticket.
const [{ calendar }] = (
  await db.query(`INSERT INTO calendars (name, working_hours) VALUES ('Kazakhstan 5-day', $1) RETURNING id AS calendar`, [
    JSON.stringify(DEFAULT_WORKING_HOURS),
  ])
).rows;
await db.query(`UPDATE sla_policies SET calendar_id = $1 WHERE is_default`, [calendar]);
await db.query(`INSERT INTO pages (channel, external_id, district_id, title) VALUES ('facebook', $1, $2, 'Меркі ауданының әкімдігі')`, [PAGE, district]);
const hash = await hashPassword('bench-password');
const staff = (
  await db.query(
    `INSERT INTO users (email, password_hash, full_name, role, district_ids, department_id) VALUES ('s1@bench.kz', $1, 'S1', 'department_staff', '{}', $2), ('s2@bench.kz', $1, 'S2', 'department_staff', '{}', $2) RETURNING id`,
    [hash, roads],
  )
).rows.map((r: { id: string }) => r.id);

// A desk some months in, not an empty one: BENCH_HISTORY earlier tickets (older than the clustering
// window, nearly all closed, a few still open with each member), then ANALYZE as autovacuum would.
// Without them the planner works from "empty table" statistics for the whole run.
await db.query(
  `INSERT INTO tickets (reference, channel, district_id, department_id, category_code, assignee_id, status, author_name, text, language, received_at, created_at, updated_at)
   SELECT 'HIST-' || g, 'manual', $2, $3, 'roads', ($4::uuid[])[g % 2 + 1], CASE WHEN g % 500 = 0 THEN 'in_progress' ELSE 'closed' END,
          'Тұрғын', $5 || ' №' || g, 'ru', at, at, at
     FROM generate_series(1, $1::int) g, LATERAL (SELECT now() - interval '31 days' - g * interval '3 minutes' AS at) t`,
  [HISTORY, district, roads, staff, 'Яма на дороге, просим отремонтировать'],
);

// Ceilings: what PostgreSQL alone does with one single-row INSERT per request at the same concurrency.
// Their own pool, closed at once: its idle sessions ending later would spend the run's CPU.
async function ceiling(sql: (i: number) => [string, unknown[]]): Promise<number> {
  const pool = new pg.Pool({ connectionString: url, max: CONCURRENCY });
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < CEILING_ROWS) {
        const [text, values] = sql(next++);
        await pool.query(text, values);
      }
    }),
  );
  const rate = Math.round(CEILING_ROWS / ((performance.now() - started) / 1000));
  await pool.end();
  return rate;
}
const inboxCeiling = await ceiling((i) => [
  `INSERT INTO inbox_deliveries (channel, body, body_sha256, processed_at) VALUES ('facebook', $1, sha256($1), now())`,
  [Buffer.from(`ceiling ${i}`)],
]);
const ticketCeiling = await ceiling((i) => [
  `INSERT INTO tickets (reference, channel, external_id, district_id, author_name, text, language, received_at) VALUES ($1, 'facebook', $1, $2, 'Ceiling', $3, 'ru', now())`,
  [`CEIL-${i}`, district, `Яма на дороге по улице ${i}`],
]);
await db.query(`DELETE FROM tickets WHERE reference LIKE 'CEIL-%'`);
await db.query(`DELETE FROM inbox_deliveries`);
await db.query('ANALYZE');

const env = {
  DATABASE_URL: url,
  REDIS_URL,
  QUEUE_PREFIX: PREFIX,
  // Several workers at once: none listens (they would compete for one port).
  WORKER_HTTP_PORT: '0',
  PORT: String(PORT),
  LOG_LEVEL: 'warn',
  NODE_ENV: 'production',
  JWT_SECRET: randomBytes(48).toString('base64'),
  SECRETS_KEY: randomBytes(32).toString('base64'),
  FACEBOOK_APP_SECRET: SECRET,
};
// PGAPPNAME names each app's PostgreSQL sessions, so the CPU of their backends can be told apart.
const api = startProcess('apps/api/src/main.js', { ...env, PGAPPNAME: 'tynda-api' }, 'api');
const workers = Array.from({ length: WORKERS }, (_, i) => startProcess('apps/worker/src/main.js', { ...env, PGAPPNAME: 'tynda-worker' }, `worker ${i + 1}`));
for (;;) {
  try {
    if ((await fetch(`http://127.0.0.1:${PORT}/api/v1/health/ready`)).ok) break;
  } catch {
    // not listening yet
  }
  await sleep(200);
}

function delivery(n: number): Buffer {
  const now = Math.floor(Date.now() / 1000);
  const changes = Array.from({ length: COMMENTS_PER_DELIVERY }, (_, j) => {
    const id = `${n}_${j}`;
    return feedComment(PAGE, `1_${id}`, { id: `7${n}${j}`, name: `Тұрғын ${n}` }, `${RESIDENT_TEXTS[(n + j) % RESIDENT_TEXTS.length]} (№${id})`, now);
  });
  return Buffer.from(JSON.stringify({ object: 'page', entry: [{ id: PAGE, time: now, changes }] }));
}

// undici's pool: Node's own http client took more CPU per request than the API answering it.
const pool = new Pool(`http://127.0.0.1:${PORT}`, { connections: CONCURRENCY });
async function post({ body, signature }: { body: Buffer; signature: string }): Promise<number> {
  const res = await pool.request({
    path: '/webhooks/facebook',
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature },
  });
  await res.body.dump();
  return res.statusCode;
}

// Made and signed (as Meta does on its side) before the clock starts: the load generator shares the
// two cores with the system under test, so it should spend as little of them as it can.
function signedDeliveries(from: number, count: number): Array<{ body: Buffer; signature: string }> {
  return Array.from({ length: count }, (_, i) => {
    const body = delivery(from + i);
    return { body, signature: `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}` };
  });
}

/** Posts the deliveries CONCURRENCY at a time; returns each acknowledgement's latency (ms) and the non-200 count. */
async function postAll(requests: Array<{ body: Buffer; signature: string }>): Promise<{ latencies: number[]; failed: number }> {
  const latencies: number[] = [];
  let failed = 0;
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < requests.length) {
        const request = requests[next++]!;
        const t0 = performance.now();
        const status = await post(request);
        latencies.push(performance.now() - t0);
        if (status !== 200) failed++;
      }
    }),
  );
  return { latencies, failed };
}

/** Waits (at most 5 minutes) until `expected` channel tickets exist; returns how many do. */
async function ticketsReach(expected: number): Promise<number> {
  const since = performance.now();
  let tickets = 0;
  while (performance.now() - since < 300_000) {
    tickets = Number((await db.query(`SELECT count(*) FROM tickets WHERE channel = 'facebook' AND external_id IS NOT NULL`)).rows[0].count);
    if (tickets >= expected) break;
    await sleep(100);
  }
  return tickets;
}

// Warm-up, not measured: a running desk has its code compiled and its connections open. Cold, the
// first 20,000 tickets cost ~35% more CPU each than the next 30,000 (measured on 2026-12-02).
const warmUp = signedDeliveries(0, WARM_UP);
const measured = signedDeliveries(WARM_UP, DELIVERIES);
const warmUpResult = await postAll(warmUp);
const warmTickets = await ticketsReach(WARM_UP * COMMENTS_PER_DELIVERY);

const cpuBefore = cpuByProcess();
const started = performance.now();
const { latencies, failed } = await postAll(measured);
const acknowledged = performance.now();
const expected = DELIVERIES * COMMENTS_PER_DELIVERY;
const tickets = (await ticketsReach(warmTickets + expected)) - warmTickets;
const done = performance.now();
const backends = (await db.query(`SELECT pid, application_name AS app FROM pg_stat_activity WHERE application_name LIKE 'tynda-%'`)).rows as Array<{
  pid: number;
  app: string;
}>;
const backendsOf = (app: string) => backends.filter((b) => b.app === app).map((b) => b.pid);
const cpu = cpuSpent(cpuBefore, cpuByProcess(), {
  loadGenerator: [process.pid],
  api: [api.pid!],
  workers: workers.map((w) => w.pid!),
  postgresForApi: backendsOf('tynda-api'),
  postgresForWorkers: backendsOf('tynda-worker'),
});
const stats = (
  await db.query(`SELECT (SELECT count(*) FROM inbox_deliveries WHERE processed_at IS NULL) AS pending,
                         (SELECT count(*) FROM (SELECT external_id FROM tickets WHERE external_id IS NOT NULL GROUP BY 1 HAVING count(*) > 1) d) AS doubled,
                         (SELECT count(*) FROM tickets WHERE channel = 'facebook' AND (status = 'triaged' OR assignee_id IS NOT NULL)) AS routed,
                         (SELECT count(*) FROM tickets WHERE cluster_id IS NOT NULL) AS clustered`)
).rows[0];
await Promise.all([api, ...workers].map(stopProcess));
await db.end();
await pool.close();
await clearRedisPrefix(PREFIX);

latencies.sort((a, b) => a - b);
const seconds = (ms: number) => ms / 1000;
const result = {
  benchmark: 'intake',
  at: new Date().toISOString(),
  machine: { cpus: cpus().length, node: process.version },
  deliveries: DELIVERIES,
  commentsPerDelivery: COMMENTS_PER_DELIVERY,
  concurrency: CONCURRENCY,
  workers: WORKERS,
  routedToDepartments: ROUTED,
  historyTickets: HISTORY,
  warmUpDeliveries: WARM_UP,
  acknowledge: {
    deliveriesPerSecond: Math.round(DELIVERIES / seconds(acknowledged - started)),
    p50Ms: Number(percentile(latencies, 50).toFixed(1)),
    p99Ms: Number(percentile(latencies, 99).toFixed(1)),
    maxMs: Number((latencies.at(-1) ?? NaN).toFixed(1)),
    non200: failed,
  },
  endToEnd: {
    tickets,
    ticketsPerSecond: Math.round(tickets / seconds(done - started)),
    seconds: Number(seconds(done - started).toFixed(1)),
    complete: tickets >= expected,
  },
  // Where the two cores went while deliveries were posted and turned into tickets (CPU seconds).
  cpuSeconds: cpu,
  ceilings: { inboxInsertsPerSecond: inboxCeiling, ticketInsertsPerSecond: ticketCeiling },
  checks: {
    pendingDeliveries: Number(stats.pending),
    ticketsCreatedTwice: Number(stats.doubled),
    routedToDepartment: Number(stats.routed),
    clustered: Number(stats.clustered),
  },
};
const file = writeResult('intake', result);
console.log(JSON.stringify(result, null, 2));
console.log(`written to ${file}`);
process.exit(result.endToEnd.complete && failed + warmUpResult.failed === 0 && result.checks.ticketsCreatedTwice === 0 ? 0 : 1);
