export * from './queue-contract.js';
export * from './queue-producer.js';
export * from './queues.module.js';
export * from './redis-connection.js';
