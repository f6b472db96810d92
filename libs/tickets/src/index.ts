export * from './assignment-change.js';
export * from './assignment.service.js';
export * from './ticket.view.js';
export * from './tickets.module.js';
export * from './tickets.service.js';
export * from './ticket-factory.js';
export * from './resident-verdict.service.js';
export * from './formal-appeals.service.js';
