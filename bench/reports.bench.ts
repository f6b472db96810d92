import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { cpus } from 'node:os';
import { monthPeriod, previousMonth } from '@app/domain';
import { REDIS_URL, clearRedisPrefix, percentile, sleep, startProcess, stopProcess, writeResult } from './bench-support.js';
import { BENCH_PASSWORD, seedDesk } from './seed-desk.js';

/**
 * BENCH_TICKETS tickets (default 1,000,000) received over the twelve months before this one, seeded
 * inside PostgreSQL with generate_series (12 districts, 10 departments of a head and three staff,
 * three pages per district, realistic shares of answered, resolved, rejected, merged and breached
 * tickets, with their sla.breached events), and the reports' cells counted from them. Then the real
 * API process answers the reports over HTTP, one request at a time, for each of the twelve months in
 * turn: BENCH_RUNS timed requests per scenario after one untimed round. Reports p50/p95 per
 * scenario; target p95 under 300 ms for the monthly scorecard and /reports/sla of one month. The
 * "read afresh" scenarios give the month a new cell version before each request (what a fold that
 * changed its cells does), so the API reads its cells from the table instead of those it kept.
 */
const TICKETS = Number(process.env.BENCH_TICKETS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 48);
const PORT = Number(process.env.BENCH_PORT ?? 3902);
const TARGET_P95_MS = 300;
const PREFIX = 'tynda-bench-reports';

const now = new Date();
const desk = await seedDesk('tynda_bench_reports', TICKETS, now);
const { url, db, months, counts, seedSeconds } = desk;
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
const base = `http://127.0.0.1:${PORT}/api/v1`;
const readyBy = Date.now() + 60_000;
while (
  !(await fetch(`${base}/health/ready`).then(
    (r) => r.ok,
    () => false,
  ))
) {
  if (Date.now() > readyBy) throw new Error('the API did not become ready within 60 s');
  await sleep(200);
}
async function token(email: string): Promise<string> {
  const res = await fetch(`${base}/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password: BENCH_PASSWORD }),
  });
  return ((await res.json()) as { accessToken: string }).accessToken;
}
const [governor, press, head] = await Promise.all(['governor@bench.kz', 'press@bench.kz', 'm1.0@bench.kz'].map(token));

const period = (month: string) => {
  const { from, to } = monthPeriod(month);
  return `from=${from.toISOString()}&to=${to.toISOString()}`;
};
interface Scenario {
  name: string;
  token: string;
  path: (month: string) => string;
  csv?: boolean;
  target?: boolean;
  /** Done before each request, untimed. */
  before?: (month: string) => Promise<unknown>;
}
/** As a fold that changed the month's cells does: a new version, so the API reads the month's cells afresh. */
const foldTouched = (month: string) =>
  db.query(`UPDATE report_cell_versions SET version = nextval('report_cell_version_seq') WHERE month_from = $1`, [monthPeriod(month).from]);
const scenarios: Scenario[] = [
  { name: 'monthly scorecard, governor', token: governor!, path: (m) => `/reports/monthly?month=${m}`, target: true },
  { name: 'sla by district, one month, governor', token: governor!, path: (m) => `/reports/sla?${period(m)}&groupBy=district`, target: true },
  { name: 'sla by assignee, one month, governor', token: governor!, path: (m) => `/reports/sla?${period(m)}&groupBy=assignee`, target: true },
  { name: 'sla by district, one month, press secretary', token: press!, path: (m) => `/reports/sla?${period(m)}&groupBy=district`, target: true },
  { name: 'sla by assignee, one month, department head', token: head!, path: (m) => `/reports/sla?${period(m)}&groupBy=assignee`, target: true },
  {
    name: 'monthly scorecard, governor, both months read afresh (as after a fold changed them)',
    token: governor!,
    path: (m) => `/reports/monthly?month=${m}`,
    before: (m) => Promise.all([foldTouched(m), foldTouched(previousMonth(m))]),
  },
  {
    name: 'sla by district, one month, governor, read afresh',
    token: governor!,
    path: (m) => `/reports/sla?${period(m)}&groupBy=district`,
    before: foldTouched,
  },
  { name: 'monthly scorecard as CSV, governor', token: governor!, path: (m) => `/reports/monthly?month=${m}`, csv: true },
  { name: 'breaches of one department, one month, department head', token: head!, path: (m) => `/reports/breaches?${period(m)}` },
];

async function timed(s: Scenario, month: string): Promise<{ ms: number; bytes: number }> {
  await s.before?.(month);
  const t0 = performance.now();
  const res = await fetch(`${base}${s.path(month)}`, { headers: { Authorization: `Bearer ${s.token}`, Accept: s.csv ? 'text/csv' : 'application/json' } });
  const body = await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`${s.name}: ${res.status} ${Buffer.from(body).toString('utf8').slice(0, 300)}`);
  return { ms: performance.now() - t0, bytes: body.byteLength };
}

const results = [];
for (const s of scenarios) {
  const first = await timed(s, months[months.length - 1]!);
  for (const month of months.slice(0, -1)) await timed(s, month);
  const ms: number[] = [];
  let bytes = 0;
  for (let i = 0; i < RUNS; i++) {
    const r = await timed(s, months[i % months.length]!);
    ms.push(r.ms);
    bytes = Math.max(bytes, r.bytes);
  }
  ms.sort((a, b) => a - b);
  const row = {
    scenario: s.name,
    runs: RUNS,
    firstMs: Math.round(first.ms),
    p50Ms: Math.round(percentile(ms, 50)),
    p95Ms: Math.round(percentile(ms, 95)),
    maxMs: Math.round(ms.at(-1)!),
    largestBodyBytes: bytes,
    targeted: s.target === true,
  };
  console.log(JSON.stringify(row));
  results.push(row);
}
const monthTickets = (
  await db.query(`SELECT count(*)::int AS n FROM tickets WHERE received_at >= $1 AND received_at < $2`, [
    monthPeriod(months[11]!).from,
    monthPeriod(months[11]!).to,
  ])
).rows[0].n as number;
await stopProcess(api);
await db.end();
await clearRedisPrefix(PREFIX);

const result = {
  benchmark: 'reports',
  at: new Date().toISOString(),
  machine: { cpus: cpus().length, node: process.version },
  data: { ...counts, months: `${months[0]}..${months[11]}`, ticketsInOneMonth: monthTickets, seedSeconds },
  targetP95Ms: TARGET_P95_MS,
  scenarios: results,
  targetMet: results.filter((r) => r.targeted).every((r) => r.p95Ms < TARGET_P95_MS),
};
const file = writeResult('reports', result);
console.log(JSON.stringify(result, null, 2));
console.log(`written to ${file}`);
process.exit(result.targetMet ? 0 : 1);
