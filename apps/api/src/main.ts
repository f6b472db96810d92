import 'reflect-metadata';
import { jsonLogger, loadConfigOrExit } from '@app/config';
import { createApiApp } from './create-api-app.js';

const config = loadConfigOrExit();
const app = await createApiApp({}, jsonLogger(config.LOG_LEVEL));
await app.listen(config.PORT, '0.0.0.0');
console.log(JSON.stringify({ level: 'log', message: `Tynda API listening on http://127.0.0.1:${config.PORT} (docs at /docs)` }));
