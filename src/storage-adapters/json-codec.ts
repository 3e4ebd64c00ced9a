import { StorageError } from '../errors/index.js';
import type { JsonValue, StorageOp } from './storage-adapter.js';

/**
 * Encodes a value as JSON text for storage. Throws a `StorageError` naming the key when
 * `JSON.stringify` cannot encode it (a `BigInt`, a cycle, a bare `undefined` or function).
 */
export function encodeJson(operation: string, key: string, value: JsonValue): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    throw new StorageError(
      operation,
      `the value for key "${key}" is not JSON-serialisable (${errorMessage(error)}); nothing was written`,
      { cause: error },
    );
  }
  if (typeof text !== 'string') {
    throw new StorageError(
      operation,
      `the value for key "${key}" is not JSON-serialisable (${typeof value}); nothing was written`,
    );
  }
  return text;
}

/** Decodes stored JSON text. Unreadable text means the storage was corrupted or written by someone else. */
export function decodeJson(operation: string, key: string, text: unknown): JsonValue {
  if (typeof text !== 'string') {
    throw new StorageError(
      operation,
      `the stored value for key "${key}" is not JSON text (found ${typeof text}); the storage holds data the SDK did not write`,
    );
  }
  try {
    return JSON.parse(text) as JsonValue;
  } catch (error) {
    throw new StorageError(operation, `the stored value for key "${key}" is corrupt JSON`, {
      cause: error,
    });
  }
}

/** Throws a `StorageError` unless `key` is a string. */
export function assertKey(operation: string, key: unknown): asserts key is string {
  if (typeof key !== 'string') {
    throw new StorageError(operation, `keys must be strings, got ${typeof key}`);
  }
}

/** Throws a `StorageError` unless `op` is a well-formed put or delete (guards JavaScript callers). */
export function assertOp(operation: string, op: StorageOp): void {
  if (op === null || typeof op !== 'object' || (op.type !== 'put' && op.type !== 'delete')) {
    throw new StorageError(
      operation,
      `each op must be { type: 'put', key, value } or { type: 'delete', key }; nothing was written`,
    );
  }
  assertKey(operation, op.key);
}

/** The message of an unknown thrown value. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
