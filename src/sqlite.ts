// Entry point of `@infinitestories/sdk/sqlite`: storage over a host-injected SQLite database
// (better-sqlite3 v12 or anything shaped like it). The SDK never imports better-sqlite3.

export type {
  SqliteDatabaseLike,
  SqliteStatementLike,
  SqliteStorageOptions,
} from './storage-adapters/sqlite-storage.js';
export { sqliteStorage } from './storage-adapters/sqlite-storage.js';
