// The API's JSON as the console reads it and the API writes it: pure types (no Nest, no TypeORM),
// so both compile against one definition. `I` is how an instant is held: a Date in the API, which
// JSON turns into its ISO string, the default, in the console.
export * from './page.js';
export * from './tickets.js';
export * from './users.js';
export * from './reports.js';
export * from './notifications.js';
export * from './failures.js';
export * from './reference.js';
export * from './routing.js';
