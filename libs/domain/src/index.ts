export * from './errors.js';
export * from './ticket-status.js';
export * from './roles.js';
export * from './ticket-reference.js';
export * from './ticket-enums.js';
export * from './iso-duration.js';
export * from './language.js';
export * from './password.js';
