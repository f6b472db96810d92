import 'reflect-metadata';
import { jsonLogger, loadConfigOrExit } from '@app/config';
import { createWorkerApp } from './create-worker-app.js';

const config = loadConfigOrExit();
await createWorkerApp({}, jsonLogger(config.LOG_LEVEL));
console.log(JSON.stringify({ level: 'log', message: 'Tynda worker started' }));
