export * from './job-outbox.js';
export * from './job-schedules.js';
export * from './live-events.js';
export * from './queue-contract.js';
export * from './queue-producer.js';
export * from './queues.module.js';
export * from './redis-connection.js';
export * from './with-timeout.js';
