// The whole domain: everything the console may bundle (browser.ts), and the modules that need Node.
export * from './browser.js';
export * from './password.js';
export * from './secret-box.js';
export * from './webhook-signature.js';
