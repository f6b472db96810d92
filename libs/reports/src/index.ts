export * from './reports.module.js';
export * from './reports.service.js';
