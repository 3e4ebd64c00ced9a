/**
 * An SDK error as JSON, so that a client can rethrow the error another client got: the pusher's
 * failed round, answered to a `syncNow()` that asked for it through the storage. The class
 * (by its brand), the message and the fields the class carries (operation, status, code,
 * `resetAt`…) go across; the other side rebuilds an error of the same class with the same
 * fields, so `instanceof`, the `is…` guards and the failure kind the app derives from them
 * (offline, auth, rate limit…) are what the pusher saw. The `cause` stays behind (it may hold
 * anything); the rebuilt error's `cause` says where it came from.
 */

import { classBrand, hasErrorBrand } from '../errors/brand.js';
import {
  AbortError,
  AuthError,
  ClientClosedError,
  ConfigurationError,
  ConflictResolverError,
  ContractError,
  HttpError,
  NetworkError,
  OfflineError,
  PendingChangesError,
  RateLimitError,
  SdkError,
  StorageError,
  TimeoutError,
  ValidationError,
} from '../errors/index.js';
import type { JsonValue } from '../model/json.js';

/** The stored form of an SDK error. */
export interface ErrorRecord {
  /** The class's brand name, e.g. `RateLimitError`. */
  readonly class: string;
  readonly message: string;
  /** The instance's own fields, as JSON. */
  readonly fields: { readonly [field: string]: JsonValue };
  /** Which of `fields` were dates (stored as ISO text). */
  readonly dates?: readonly string[] | undefined;
}

/** The classes an error can be rebuilt as, by brand name. */
const CLASSES: ReadonlyMap<string, { readonly prototype: SdkError }> = new Map(
  [
    AbortError,
    AuthError,
    ClientClosedError,
    ConfigurationError,
    ConflictResolverError,
    ContractError,
    HttpError,
    NetworkError,
    OfflineError,
    PendingChangesError,
    RateLimitError,
    StorageError,
    TimeoutError,
    ValidationError,
  ].map((type) => [classBrand(type) ?? type.name, type] as const),
);

/**
 * The record of `error` when it is one of the SDK's error classes (from any copy of the
 * package), else `undefined`.
 */
export function errorRecord(error: unknown): ErrorRecord | undefined {
  if (!(error instanceof SdkError)) return undefined;
  const name = [...CLASSES.keys()].find((brand) => hasErrorBrand(error, brand));
  if (name === undefined) return undefined;
  const fields: Record<string, JsonValue> = {};
  const dates: string[] = [];
  for (const [field, value] of Object.entries(error)) {
    if (value instanceof Date) {
      fields[field] = value.toISOString();
      dates.push(field);
      continue;
    }
    const json = toJson(value);
    if (json !== undefined) fields[field] = json;
  }
  return { class: name, message: error.message, fields, ...(dates.length ? { dates } : {}) };
}

/**
 * The error `record` describes, of its class with its fields and message; `undefined` when
 * the record is not one (written by another version, or damaged). `origin` becomes its cause.
 */
export function rebuildError(record: unknown, origin: string): SdkError | undefined {
  if (!isRecord(record)) return undefined;
  const type = CLASSES.get(record.class);
  if (!type) return undefined;
  // The class's own constructor would build its message again from a context this side does
  // not have: the instance is made from its prototype, with the fields the other side read.
  const error = Object.create(type.prototype) as SdkError;
  const local = new Error(record.message).stack ?? '';
  const frames = local.includes('\n') ? local.slice(local.indexOf('\n')) : '';
  const own = (field: string, value: unknown, enumerable: boolean) =>
    Object.defineProperty(error, field, { value, enumerable, writable: true, configurable: true });
  for (const [field, value] of Object.entries(record.fields)) {
    own(field, record.dates?.includes(field) ? new Date(String(value)) : value, true);
  }
  own('message', record.message, false);
  own('stack', `${record.class}: ${record.message}${frames}`, false);
  own('cause', new Error(origin), false);
  return error;
}

function toJson(value: unknown): JsonValue | undefined {
  if (value === undefined || typeof value === 'function') return undefined;
  try {
    return JSON.parse(JSON.stringify(value)) as JsonValue;
  } catch {
    return undefined; // a cycle, a bigint: not carried
  }
}

function isRecord(value: unknown): value is ErrorRecord {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Partial<ErrorRecord>;
  return (
    typeof record.class === 'string' &&
    typeof record.message === 'string' &&
    typeof record.fields === 'object' &&
    record.fields !== null &&
    !Array.isArray(record.fields) &&
    (record.dates === undefined || Array.isArray(record.dates))
  );
}
