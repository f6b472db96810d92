export * from './reference-tables.js';
export * from './reference.service.js';
export * from './reference.module.js';
