import { describe, expect, it } from 'vitest';
import { StorageError } from '../errors/index.js';
import { toStorageError } from './to-storage-error.js';

const sqliteError = (code: string, message: string) => Object.assign(new Error(message), { code });

describe('toStorageError', () => {
  it.each([
    [new DOMException('quota', 'QuotaExceededError'), /storage is full/],
    [sqliteError('SQLITE_FULL', 'database or disk is full'), /storage is full/],
    [new DOMException('closing', 'InvalidStateError'), /connection is closed/],
    [new TypeError('The database connection is not open'), /connection is closed/],
    [sqliteError('SQLITE_BUSY', 'database is locked'), /locked by another connection/],
    [sqliteError('SQLITE_READONLY', 'attempt to write a readonly database'), /read-only/],
    [sqliteError('SQLITE_CORRUPT', 'malformed'), /corrupt/],
    [sqliteError('SQLITE_IOERR_WRITE', 'disk I/O error'), /I\/O error/],
    [new DOMException('backing store', 'UnknownError'), /I\/O error/],
    [sqliteError('SQLITE_MISMATCH', 'datatype mismatch'), /datatype mismatch \[SQLITE_MISMATCH\]/],
  ])('explains %s', (cause, pattern) => {
    const error = toStorageError('x.batch', 'table "kv"', cause, true);
    expect(error).toBeInstanceOf(StorageError);
    expect(error.operation).toBe('x.batch');
    expect(error.message).toMatch(pattern);
    expect(error.message).toMatch(/\(table "kv"\); nothing was written$/);
    expect(error.cause).toBe(cause);
  });

  it('passes a StorageError through and does not claim reads wrote nothing', () => {
    const original = new StorageError('x.get', 'already mapped');
    expect(toStorageError('x.batch', 'r', original, true)).toBe(original);
    expect(toStorageError('x.get', 'r', new Error('boom'), false).message).toBe('x.get: boom (r)');
  });
});
