export * from './cluster-placement.service.js';
export * from './clusters.service.js';
export * from './inbox.service.js';
export * from './intake.module.js';
export * from './intake.service.js';
export * from './router.service.js';
