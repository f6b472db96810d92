export * from './json-logger.js';
export * from './log-context.js';
export * from './metrics.module.js';
export * from './metrics.service.js';
export * from './metrics-access.js';
export * from './readiness.js';
