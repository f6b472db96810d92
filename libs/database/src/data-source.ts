import { DataSource, type DataSourceOptions } from 'typeorm';
import pg from 'pg';
import type { AppConfig } from '@app/config';
import { ENTITIES } from './entities/index.js';
import { MIGRATIONS } from './migrations/index.js';
import { SnakeNamingStrategy } from './snake-naming.strategy.js';

/** How a process's PostgreSQL pool waits: every wait is bounded, so a frozen server costs a request seconds, not minutes. */
export interface PoolSettings {
  /** Longest wait to open a connection, and to get one from a busy pool (pg-pool applies it to both). */
  connectTimeoutMs: number;
  poolMax: number;
  /** Longest a statement runs; unset for migrations, whose DDL may rightly run long. */
  statementTimeoutMs?: number;
}

/** The pool settings of the API, the worker and the seed, from the validated environment. */
export function poolSettings(config: Pick<AppConfig, 'DB_CONNECT_TIMEOUT_MS' | 'DB_POOL_MAX' | 'DB_STATEMENT_TIMEOUT_MS'>): PoolSettings {
  return { connectTimeoutMs: config.DB_CONNECT_TIMEOUT_MS, poolMax: config.DB_POOL_MAX, statementTimeoutMs: config.DB_STATEMENT_TIMEOUT_MS };
}

/**
 * The client's own wait for an answer, a little past the server's statement_timeout: a slow
 * statement is cancelled by the server (57014) on a connection that stays usable, while a frozen
 * server, which never answers, is given up by this timer.
 */
export function queryTimeoutMs(statementTimeoutMs: number): number {
  return statementTimeoutMs + Math.max(500, Math.round(statementTimeoutMs / 10));
}

/**
 * pg keeps a connection whose query hit query_timeout: the query is still running (or the server
 * is frozen), so the next user of that pooled connection would queue behind it. Ending it at once
 * (end() marks it ending, so pg-pool removes it on release instead of reusing it) throws it away.
 */
export class DiscardOnTimeoutClient extends pg.Client {
  // One signature for pg's overloads: callback, promise and submittable forms all pass through.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- pg's own overloads are typed with any
  override query(...args: any[]): any {
    const last = args.length - 1;
    if (typeof args[last] === 'function') {
      const callback = args[last] as (err: unknown, res: unknown) => void;
      args[last] = (err: unknown, res: unknown) => {
        this.discardAfter(err);
        callback(err, res);
      };
      return (super.query as (...a: unknown[]) => unknown)(...args);
    }
    const result = (super.query as (...a: unknown[]) => unknown)(...args);
    if (result instanceof Promise) {
      return result.catch((err: unknown) => {
        this.discardAfter(err);
        throw err;
      });
    }
    return result;
  }

  private discardAfter(err: unknown): void {
    if ((err as Error | undefined)?.message === 'Query read timeout') this.end().catch(() => undefined);
  }
}

export function dataSourceOptions(url: string, pool: PoolSettings): DataSourceOptions {
  const timeouts = pool.statementTimeoutMs ? { statement_timeout: pool.statementTimeoutMs, query_timeout: queryTimeoutMs(pool.statementTimeoutMs) } : {};
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    namingStrategy: new SnakeNamingStrategy(),
    // The schema comes from migrations only (npm run migrate), never from entity metadata.
    synchronize: false,
    migrationsRun: false,
    uuidExtension: 'pgcrypto',
    // Handed to pg-pool and each pg client. TCP keep-alive finds a peer that vanished without closing.
    // JIT off for the session: the app's statements are small, and a plan whose cost estimate crosses
    // the JIT threshold (a list walking a million rows' index, stopped early by LIMIT) spent 15 ms compiling.
    extra: {
      max: pool.poolMax,
      connectionTimeoutMillis: pool.connectTimeoutMs,
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
      Client: DiscardOnTimeoutClient,
      options: '-c jit=off',
      ...timeouts,
    },
  };
}

/** Creates the database named in `url` when it does not exist yet (connecting to `postgres`). */
export async function ensureDatabase(url: string, template?: string): Promise<boolean> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount) return false;
    const ident = (s: string): string => `"${s.replace(/"/g, '""')}"`;
    await client.query(`CREATE DATABASE ${ident(name)}${template ? ` TEMPLATE ${ident(template)}` : ''}`);
    return true;
  } catch (e) {
    // Two processes racing to create the same database: the loser finds it there.
    if ((e as { code?: string }).code === '42P04') return false;
    throw e;
  } finally {
    await client.end();
  }
}

/** Creates the database if needed and applies pending migrations; returns their names. No statement timeout: DDL may rightly run long. */
export async function migrate(url: string, connectTimeoutMs = 10_000): Promise<string[]> {
  await ensureDatabase(url);
  const ds = new DataSource(dataSourceOptions(url, { connectTimeoutMs, poolMax: 2 }));
  await ds.initialize();
  try {
    const applied = await ds.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await ds.destroy();
  }
}
