import { loadConfig } from '@app/config';
import { migrate } from '../data-source.js';

const config = loadConfig();
const applied = await migrate(config.DATABASE_URL);
console.log(applied.length ? `applied migrations: ${applied.join(', ')}` : 'database schema is up to date');
