// Moved to `./errors/` (one class per file); this shim keeps old import paths working until
// they are rewritten.
export * from './errors/index.js';
