import 'reflect-metadata';
import { jsonLogger, loadConfigOrExit } from '@app/config';
import { createWorkerApp } from './create-worker-app.js';

const config = loadConfigOrExit();
const logger = jsonLogger(config.LOG_LEVEL);
await createWorkerApp({}, logger);
logger.log({ message: 'Tynda worker started', httpPort: config.WORKER_HTTP_PORT || null }, 'main');
