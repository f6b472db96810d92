import pg from 'pg';

// Runs outside jest's module mapper, so it can only use packages: it drops last run's template
// database, and the first test file to start migrates a fresh one (see support/databases.ts).
export default async function globalSetup(): Promise<void> {
  const url = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/tynda');
  url.pathname = '/postgres';
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    // The same lock as the template's builder: a run starting while another clones waits, never pulls it away mid-clone.
    await client.query(`SELECT pg_advisory_lock(hashtext('tynda-test-template'))`);
    await client.query('DROP DATABASE IF EXISTS tynda_test_template WITH (FORCE)');
    await client.query(`SELECT pg_advisory_unlock(hashtext('tynda-test-template'))`);
  } finally {
    await client.end();
  }
}
