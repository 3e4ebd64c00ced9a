// Moved to `../errors/conflict-resolver-error.ts`; this shim keeps old import paths working until
// they are rewritten.
export * from '../errors/conflict-resolver-error.js';
