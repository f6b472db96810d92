import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { Redis } from 'ioredis';
import { migrate } from '@app/database';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BASE_DB_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/tynda';
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export function dbUrl(name: string): string {
  const url = new URL(BASE_DB_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A fresh, migrated database for one benchmark run. */
export async function freshDatabase(name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: dbUrl('postgres') });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
  const url = dbUrl(name);
  await migrate(url);
  return url;
}

export async function clearRedisPrefix(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL);
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    if (keys.length) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
  redis.disconnect();
}

/** Starts a built app (dist) as a real child process with its own environment; `stdout: true` pipes its stdout too (Nest writes warnings there). */
export function startProcess(script: string, env: Record<string, string>, label: string, options: { stdout?: boolean } = {}): ChildProcess {
  // BENCH_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") profiles the apps under load.
  const nodeArgs = process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...nodeArgs, join(ROOT, 'dist', script)], {
    env: { ...process.env, ...env },
    stdio: ['ignore', options.stdout ? 'pipe' : 'ignore', 'pipe'],
  });
  child.stderr?.on('data', (d: Buffer) => process.stderr.write(`[${label}] ${d}`));
  return child;
}

export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
  if (child.exitCode === null) child.kill('SIGKILL');
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

/** Writes the run's numbers to bench/results/<name>-<time>.json and returns the path. */
export function writeResult(name: string, result: object): string {
  const dir = join(ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify(result, null, 2));
  return file;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** CPU seconds (user + system) each process has used so far, read from /proc (Linux); empty elsewhere. */
export function cpuByProcess(): Map<number, { seconds: number; command: string }> {
  const out = new Map<number, { seconds: number; command: string }>();
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((p) => /^\d+$/.test(p));
  } catch {
    return out;
  }
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
      // utime and stime, fields 14 and 15 of stat, in clock ticks (100 per second on Linux).
      out.set(Number(pid), { seconds: (Number(fields[11]) + Number(fields[12])) / 100, command });
    } catch {
      // the process ended between the listing and the read
    }
  }
  return out;
}

/**
 * CPU seconds spent between two snapshots, by role: the benchmark's own process, the apps it
 * started, PostgreSQL (all backends) and Redis. Backends that ended before `after` are not counted,
 * so take `after` before stopping anything.
 */
export function cpuSpent(
  before: ReturnType<typeof cpuByProcess>,
  after: ReturnType<typeof cpuByProcess>,
  roles: Record<string, number[]>,
): Record<string, number> {
  const spent: Record<string, number> = {};
  const add = (role: string, s: number) => (spent[role] = Number(((spent[role] ?? 0) + s).toFixed(1)));
  for (const [pid, { seconds, command }] of after) {
    const delta = seconds - (before.get(pid)?.seconds ?? 0);
    const role =
      Object.entries(roles).find(([, pids]) => pids.includes(pid))?.[0] ??
      (command.includes('postgres') ? 'postgres' : command.includes('redis-server') ? 'redis' : undefined);
    if (role && delta > 0) add(role, delta);
  }
  return spent;
}

/** Varied texts (roads, water, other), in Kazakh and Russian, as residents write them. */
export const RESIDENT_TEXTS = [
  'Когда отремонтируют дорогу по улице Толе би? Ямы по колено, третий год обещают.',
  'Мектеп жанындағы жол бұзылған, балалар қалай жүреді? Жолды жөндеңіздер.',
  'В селе третий день нет воды, куда обращаться?',
  'Ауылда ауыз су жоқ, үш күн болды.',
  'Спасибо акимату за новый парк!',
];

/** One change of a Facebook feed webhook: a resident's comment under the page's first post. */
export function feedComment(pageId: string, commentId: string, author: { id: string; name: string }, message: string, createdTime: number) {
  return {
    field: 'feed',
    value: {
      from: author,
      item: 'comment',
      verb: 'add',
      post_id: `${pageId}_1`,
      comment_id: commentId,
      parent_id: `${pageId}_1`,
      created_time: createdTime,
      message,
    },
  };
}
