import { isStorageError, StorageError } from '../errors/index.js';
import { errorMessage } from './json-codec.js';

/**
 * Turns whatever a storage engine threw (a DOMException from IndexedDB, a SqliteError from
 * better-sqlite3, a TypeError from a closed handle…) into a `StorageError` whose message says
 * what happened and what to do. A `StorageError` passes through unchanged.
 *
 * @param operation the adapter operation, e.g. `sqliteStorage.batch`
 * @param resource what was being accessed, e.g. `table "kv"` or `IndexedDB "app" / "kv"`
 * @param wrote whether the operation writes: failed writes say that nothing was written
 */
export function toStorageError(
  operation: string,
  resource: string,
  error: unknown,
  wrote: boolean,
): StorageError {
  if (isStorageError(error)) return error;
  const outcome = wrote ? '; nothing was written' : '';
  return new StorageError(operation, `${describe(error)} (${resource})${outcome}`, {
    cause: error,
  });
}

function describe(error: unknown): string {
  const name = error instanceof Error || isDomLike(error) ? error.name : '';
  const code = codeOf(error);
  const message = errorMessage(error);
  if (name === 'QuotaExceededError' || code === 'SQLITE_FULL') {
    return `storage is full (${message}); free space on the device or delete cached data, then retry`;
  }
  if (
    name === 'InvalidStateError' ||
    /connection is not open|database is closed|database connection is closing/i.test(message)
  ) {
    return `the database connection is closed (${message}); open a new adapter`;
  }
  if (code?.startsWith('SQLITE_BUSY') || code?.startsWith('SQLITE_LOCKED')) {
    return `the database is locked by another connection (${message}); retry later`;
  }
  if (code?.startsWith('SQLITE_READONLY')) {
    return `the database is read-only (${message})`;
  }
  if (code?.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') {
    return `the database file is corrupt (${message})`;
  }
  if (code?.startsWith('SQLITE_IOERR') || name === 'UnknownError') {
    return `an I/O error occurred (${message})`;
  }
  return code ? `${message} [${code}]` : message;
}

function isDomLike(error: unknown): error is { name: string } {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { name?: unknown }).name === 'string'
  );
}

function codeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}
