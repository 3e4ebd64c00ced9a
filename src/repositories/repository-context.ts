/**
 * What every repository receives, and the small helpers they share: input validation with the
 * server's rules, the online-only guard, and local → server id resolution.
 */

import type { ApiClient } from '../api/api-client.js';
import { validateInput } from '../api/request-input.js';
import { OfflineError, SdkError, ValidationError } from '../errors/index.js';
import type { CollectionName, WireData } from '../model/types.js';
import { systemClock } from '../platform/clock.js';
import { anySignal } from '../platform/compat/any-signal.js';
import type { ServerRow } from '../store/id-map.js';
import type { LocalStore } from '../store/local-store.js';

/** Anything that says whether the device is online (a `ConnectivityMonitor` fits). */
export interface OnlineSignal {
  isOnline(): boolean;
}

/** The dependencies of the repositories. */
export interface RepositoryContext {
  /** The signed-in user's local store. */
  readonly store: LocalStore;
  /** The API client, for online-only operations (generation, profile…). */
  readonly api?: ApiClient | undefined;
  /** The connectivity signal: online-only operations fail fast with `OfflineError` when offline. */
  readonly connectivity?: OnlineSignal | undefined;
  /** Device clock (epoch ms). @default Date.now */
  readonly now?: (() => number) | undefined;
  /**
   * Aborted when this user's session ends (sign-out, user switch, `client.close()`): every
   * network call of the repositories stops then, instead of writing into a closed store.
   */
  readonly lifetime?: AbortSignal | undefined;
}

/** Options of every method that talks to the network. */
export interface NetworkOptions {
  /** Aborts the call; it then rejects with `AbortError`. */
  readonly signal?: AbortSignal | undefined;
}

/**
 * Parses `value` with `schema` (the server's rules). On failure throws `ValidationError` naming
 * the first offending field; nothing is stored or sent. (The API client's own input check.)
 */
export const validate = validateInput;

/** Throws `ValidationError` unless `value` is a non-negative integer (or undefined). */
export function checkCount(operation: string, field: string, value: number | undefined): void {
  if (value !== undefined && (!Number.isInteger(value) || value < 0)) {
    throw new ValidationError({ operation, field, message: 'must be a non-negative integer' });
  }
}

/**
 * The call's `{ signal }`: the caller's signal combined with the session's lifetime, or
 * neither (for `exactOptionalPropertyTypes`).
 */
export function withSignal(
  context: RepositoryContext,
  options: NetworkOptions,
): { signal?: AbortSignal } {
  const signals = [options.signal, context.lifetime].filter(
    (signal): signal is AbortSignal => signal !== undefined,
  );
  if (signals.length === 0) return {};
  return { signal: signals.length === 1 ? (signals[0] as AbortSignal) : anySignal(signals) };
}

/** The error for a local id that matches no visible record. */
export function notFound(operation: string, id: string, field = 'id'): ValidationError {
  return new ValidationError({ operation, field, message: `"${id}" does not match any record` });
}

/** The API client for an online-only operation, or `OfflineError` when offline. */
export function requireOnline(context: RepositoryContext, operation: string): ApiClient {
  if (!context.api) {
    throw new SdkError(`${operation} needs the network, but this client has no API client`);
  }
  if (context.connectivity && !context.connectivity.isOnline()) throw new OfflineError(operation);
  return context.api;
}

/**
 * The server id of a visible record, for an online-only call. `ValidationError` when the record
 * does not exist, or was created offline and is not synced yet.
 */
export function requireServerId(
  context: RepositoryContext,
  collection: CollectionName,
  localId: string,
  operation: string,
  field = 'id',
): string {
  const record = context.store.get(collection, localId);
  if (!record) throw notFound(operation, localId, field);
  if (record.serverId === null) {
    throw new ValidationError({
      operation,
      field,
      message: `"${localId}" was created offline and is not on the server yet; sync first`,
    });
  }
  return record.serverId;
}

/** A zod-inferred row as the store's `ServerRow`. */
export function asServerRow(row: { readonly id: string }): ServerRow {
  return row as unknown as ServerRow;
}

/**
 * Writes the result of an online-only operation into the store like a pulled row; when the
 * record has queued local changes, only `serverFields` are applied (local edits are kept).
 */
export async function absorbRow(
  store: LocalStore,
  collection: CollectionName,
  row: ServerRow,
  serverFields: readonly string[],
): Promise<string> {
  const { pending } = await store.applyServerRows(collection, [row]);
  const localId = store.toLocalId(collection, row.id);
  if (pending.length > 0) {
    const fields: Record<string, WireData[string]> = {};
    for (const field of serverFields) if (field in row) fields[field] = row[field] ?? null;
    await store.applyServerFields(collection, localId, fields);
  }
  return localId;
}

/**
 * The fields of a new record: `fields` (after `prefix`) with local `createdAt`/`updatedAt`
 * from the device clock. Built with `Object.assign`, which on Node 20 allocates a fraction of
 * what an object spread does — this runs on every optimistic create (see bench/).
 */
export function newRecordFields(
  context: RepositoryContext,
  fields: object,
  prefix: WireData = {},
): WireData {
  const now = new Date((context.now ?? systemClock.now)()).toISOString();
  return Object.assign({}, prefix, fields, { createdAt: now, updatedAt: now }) as WireData;
}
