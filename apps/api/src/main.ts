import 'reflect-metadata';
import { jsonLogger, loadConfigOrExit } from '@app/config';
import { createApiApp } from './create-api-app.js';

const config = loadConfigOrExit();
const logger = jsonLogger(config.LOG_LEVEL);
const app = await createApiApp({}, logger);
await app.listen(config.PORT, '0.0.0.0');
logger.log(
  { message: `Tynda API listening on http://127.0.0.1:${config.PORT}`, port: config.PORT, docs: config.docsEnabled ? '/docs' : null, health: '/health/ready' },
  'main',
);
