export * from './sla-clocks.js';
export * from './sla.module.js';
export * from './sla.service.js';
export * from './sla-timer.js';
