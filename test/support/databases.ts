import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { migrate } from '../../libs/database/src/data-source.js';

export const TEMPLATE_DB = 'tynda_test_template';
const BASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/tynda';

export function testDatabaseUrl(name: string): string {
  const url = new URL(BASE_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

export function adminUrl(): string {
  return testDatabaseUrl('postgres');
}

async function admin<T>(work: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * A fresh database for one test file, cloned from a template migrated once per run: the first
 * file to get here migrates it under an advisory lock, the others wait and clone.
 */
export async function createTestDatabase(): Promise<string> {
  const name = `tynda_test_${randomBytes(5).toString('hex')}`;
  await admin(async (c) => {
    await c.query(`SELECT pg_advisory_lock(hashtext('tynda-test-template'))`);
    try {
      const found = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [TEMPLATE_DB]);
      if (!found.rowCount) await migrate(testDatabaseUrl(TEMPLATE_DB));
      await c.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DB}`);
    } finally {
      await c.query(`SELECT pg_advisory_unlock(hashtext('tynda-test-template'))`);
    }
  });
  return name;
}

export async function dropTestDatabase(name: string): Promise<void> {
  await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}
