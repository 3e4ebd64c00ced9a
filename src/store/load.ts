/**
 * Opening a namespace: one prefix scan reads everything (format marker, records, outbox), and
 * an older storage format is migrated in place in one atomic batch. The record rows are handed
 * to the state per collection as read: records, outbox entries and indexes are built from them
 * on first use (see stored-collection.ts), so opening costs little more than the raw read and
 * the first read of one collection builds nothing of the others (on SQLite, whose rows come as
 * JSON text, it does not even decode them). Stored values are trusted as
 * written (no per-record validation).
 */
import { StorageError } from '../errors/index.js';
import { COLLECTIONS, type CollectionName } from '../model/types.js';
import { decodeJson } from '../storage-adapters/json-codec.js';
import type { JsonValue, StorageAdapter, StorageOp } from '../storage-adapters/storage-adapter.js';
import { textScanOf } from '../storage-adapters/text-scan.js';
import { migrateV1ToV2, type RelativeEntry } from './format-v1.js';
import { migrateV2ToV3 } from './format-v2.js';
import { FORMAT_VERSION, type KeyLayout } from './keys.js';
import type { StoreState } from './store-state.js';
import { StoredCollection } from './stored-collection.js';

/** Migrations from format `n` to `n + 1`, keyed by `n`. */
const MIGRATIONS: Readonly<
  Record<number, (entries: readonly RelativeEntry[], now: number) => RelativeEntry[]>
> = {
  1: migrateV1ToV2,
  2: migrateV2ToV3,
};

/** What opening found. */
export interface LoadResult {
  /** The format the namespace had before opening (`null` when it was empty). */
  readonly foundVersion: number | null;
  readonly migrated: boolean;
}

/** Reads (and if needed migrates) the namespace into `state`. */
export async function loadNamespace(
  adapter: StorageAdapter,
  keys: KeyLayout,
  state: StoreState,
  now: number,
): Promise<LoadResult> {
  // An adapter that stores JSON text hands it over undecoded: each collection's rows are
  // decoded when the collection is first used (see stored-collection.ts).
  const textScan = textScanOf(adapter);
  const read = textScan ? await textScan(keys.prefix) : await adapter.scan(keys.prefix);
  const decode = textScan
    ? (key: string, value: unknown) => decodeJson('store.open', key, value)
    : (_key: string, value: unknown) => value as JsonValue;
  const formatRow = read.find(([key]) => key === keys.format);
  if (!formatRow) {
    if (read.length > 0) {
      throw new StorageError(
        'store.open',
        `the namespace ${keys.prefix} holds data without a format marker; refusing to touch it`,
      );
    }
    await adapter.batch([{ type: 'put', key: keys.format, value: { version: FORMAT_VERSION } }]);
    return { foundVersion: null, migrated: false };
  }
  const version = versionOf(decode(keys.format, formatRow[1]));
  if (version > FORMAT_VERSION) {
    throw new StorageError(
      'store.open',
      `the local data was written by a newer SDK (storage format ${version}, this build reads up to ${FORMAT_VERSION}); update the app`,
    );
  }
  if (version < FORMAT_VERSION) {
    const rows = read.map(([key, value]): [string, JsonValue] => [key, decode(key, value)]);
    takeRows(keys, await migrate(adapter, keys, rows, version, now), state, false);
  } else {
    takeRows(keys, read, state, textScan !== undefined);
  }
  for (const collection of COLLECTIONS) state.bump(collection);
  state.outboxVersion++;
  return { foundVersion: version, migrated: version < FORMAT_VERSION };
}

/**
 * Hands the record rows to `state` per collection, and reads the meta rows. With `asText`,
 * the values are the stored JSON text: record rows keep it for later, meta rows are decoded.
 */
function takeRows(
  keys: KeyLayout,
  rows: Array<[string, unknown]>,
  state: StoreState,
  asText: boolean,
): void {
  const recordPrefix = `${keys.prefix}rec/`;
  const metaPrefix = `${keys.prefix}meta/`;
  const known = new Set<string>(COLLECTIONS);
  const collections = new Map<string, StoredCollection>();
  let current: StoredCollection | undefined;
  // Indexed loop, no destructuring: this runs once per row before the engine optimised
  // anything, where both cost an iterator per row.
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as [string, unknown];
    const key = row[0];
    const value = row[1];
    // The row keeps nothing alive: a text decoded now dies young instead of being copied by
    // every collection while the rest of the rows are taken.
    if (asText) row[1] = null;
    // Rows come in key order, so one collection's rows come one after the other.
    if (current && key.startsWith(current.keyPrefix)) {
      if (asText) current.addText(key, value);
      else current.add(key, value as JsonValue);
    } else if (key.startsWith(recordPrefix)) {
      const slash = key.indexOf('/', recordPrefix.length);
      const collection = key.slice(recordPrefix.length, slash);
      if (slash < 0 || !known.has(collection)) continue;
      current = collections.get(collection);
      if (!current) {
        current = new StoredCollection(collection as CollectionName, key.slice(0, slash + 1));
        collections.set(collection, current);
      }
      if (asText) current.addText(key, value);
      else current.add(key, value as JsonValue);
    } else if (key.startsWith(metaPrefix) && key !== keys.format) {
      const meta = asText ? decodeJson('store.open', key, value) : (value as JsonValue);
      state.meta.set(decodeURIComponent(key.slice(metaPrefix.length)), meta);
    }
  }
  for (const collection of collections.values()) state.takeStored(collection);
}

function versionOf(value: JsonValue): number {
  const version =
    typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as { version?: unknown }).version
      : undefined;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new StorageError(
      'store.open',
      `unreadable storage format marker: ${JSON.stringify(value)}`,
    );
  }
  return version;
}

async function migrate(
  adapter: StorageAdapter,
  keys: KeyLayout,
  rows: Array<[string, JsonValue]>,
  from: number,
  now: number,
): Promise<Array<[string, JsonValue]>> {
  const prefixLength = keys.prefix.length;
  let entries: RelativeEntry[] = rows.map(([key, value]) => [key.slice(prefixLength), value]);
  for (let version = from; version < FORMAT_VERSION; version++) {
    const step = MIGRATIONS[version];
    if (!step) {
      throw new StorageError('store.open', `no migration from storage format ${version}`);
    }
    try {
      entries = step(entries, now);
    } catch (error) {
      throw new StorageError(
        'store.open',
        `migrating local data from storage format ${version} failed; the data was left as it was`,
        { cause: error },
      );
    }
  }
  const after = new Set(entries.map(([key]) => key));
  const ops: StorageOp[] = [];
  for (const [key] of rows) {
    if (!after.has(key.slice(prefixLength))) ops.push({ type: 'delete', key });
  }
  for (const [key, value] of entries) ops.push({ type: 'put', key: keys.prefix + key, value });
  await adapter.batch(ops);
  return entries
    .map(([key, value]): [string, JsonValue] => [keys.prefix + key, value])
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}
