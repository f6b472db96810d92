import { DataSource } from 'typeorm';
import { loadConfigOrExit } from '@app/config';
import { dataSourceOptions, migrate, poolSettings } from '@app/database';
import { demoSeedMode } from '../seed-policy.js';
import { seed, type SeedTable } from '../seed.js';

const config = loadConfigOrExit();
const demo = demoSeedMode(config.NODE_ENV, process.argv, process.env);
if (demo.mode === 'refuse') {
  console.error(demo.reason);
  process.exit(1);
}
// An empty DEMO_PASSWORD (a blank line in an .env file) would lock every demo account out: demoSeedMode falls back to the default.
const password = demo.mode === 'shared-password' ? demo.password : '';
const started = performance.now();

// Migrating first lets the seed run on a freshly created database.
const applied = await migrate(config.DATABASE_URL, config.DB_CONNECT_TIMEOUT_MS);
if (applied.length) console.log(`applied migrations: ${applied.join(', ')}`);

// Two connections: the seed's lock and its reference data. The history runs the services on a pool of their own.
const dataSource = await new DataSource(dataSourceOptions(config.DATABASE_URL, { ...poolSettings(config), poolMax: 2 })).initialize();
const summary = await seed(dataSource, { password, randomPasswords: demo.mode === 'random-passwords' }).finally(() => dataSource.destroy());

const LABELS: Record<SeedTable, string> = {
  districts: 'districts',
  departments: 'departments',
  categories: 'categories',
  pages: 'pages',
  users: 'users',
  calendars: 'calendars',
  slaPolicies: 'SLA policies',
  savedReplies: 'saved replies',
  tickets: 'tickets',
  ticketEvents: 'ticket events',
  ticketReplies: 'ticket replies',
};
const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(`seeded in ${seconds} s; rows added:`);
for (const [table, label] of Object.entries(LABELS) as Array<[SeedTable, string]>) {
  console.log(`  ${label.padEnd(16)} ${String(summary.created[table]).padStart(5)}`);
}
if (summary.ticketsAlreadyPresent) console.log('tickets: the tickets table already has data, so no tickets were added');

const width = Math.max(...summary.logins.map((l) => l.email.length));
console.log(`\ndemo logins (${summary.logins.length}):`);
console.log(`  ${'email'.padEnd(width)}  ${'role'.padEnd(16)}  password`);
for (const login of summary.logins) console.log(`  ${login.email.padEnd(width)}  ${login.role.padEnd(16)}  ${login.password ?? password}`);
if (demo.mode === 'random-passwords')
  console.log('\nThese passwords are shown this once and stored only as hashes: hand them over now, or run the seed again for new ones.');
