export * from './entities/index.js';
export * from './data-source.js';
export * from './database.module.js';
export * from './repositories/tickets.repository.js';
export * from './repositories/users.repository.js';
export * from './repositories/keyset-page.js';
export * from './repositories/reference.repository.js';
export * from './seed/seed.js';
