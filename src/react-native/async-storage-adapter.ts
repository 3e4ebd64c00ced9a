/**
 * A {@link StorageAdapter} over `@react-native-async-storage/async-storage`, for small apps
 * that already use it. Batches are made atomic with a journal item:
 *
 * ```
 * batch(ops) ─▶ setItem(journal, { ops, before })   one item: written whole or not at all
 *           ─▶ multiSet(puts) + multiRemove(deletes)
 *           ─▶ removeItem(journal)                   the batch is done
 * failure in between ─▶ write `before` back, remove the journal, reject (nothing happened)
 * app killed in between ─▶ the next start replays the journal (the batch happened)
 * ```
 *
 * Scans read every key (`getAllKeys`): fine for the few thousand records of a small app; use
 * `asyncSqliteStorage` beyond that.
 */
import { StorageError } from '../errors/index.js';
import { assertKey, assertOp, decodeJson, encodeJson } from '../storage-adapters/json-codec.js';
import { sortByKey } from '../storage-adapters/key-range.js';
import { serialQueue } from '../storage-adapters/serial-queue.js';
import type { JsonValue, StorageAdapter, StorageOp } from '../storage-adapters/storage-adapter.js';
import { toStorageError } from '../storage-adapters/to-storage-error.js';

/** The part of AsyncStorage's API the adapter uses. */
export interface AsyncStorageLike {
  getItem(key: string): Promise<string | null>;
  setItem(key: string, value: string): Promise<void>;
  removeItem(key: string): Promise<void>;
  multiGet(keys: readonly string[]): Promise<ReadonlyArray<readonly [string, string | null]>>;
  multiSet(keyValuePairs: ReadonlyArray<readonly [string, string]>): Promise<void>;
  multiRemove(keys: readonly string[]): Promise<void>;
  getAllKeys(): Promise<readonly string[]>;
}

/** Options of {@link asyncStorageAdapter}. */
export interface AsyncStorageAdapterOptions {
  /** Prefix of every AsyncStorage key the SDK writes. @default 'infinitestories' */
  readonly prefix?: string | undefined;
}

/** `[key, JSON text]` to write, or `[key, null]` to delete. */
type Row = readonly [string, string | null];

interface Journal {
  readonly ops: readonly Row[];
  readonly before: readonly Row[];
}

const name = 'asyncStorageAdapter';

/**
 * Storage over AsyncStorage. Operations run one at a time in call order.
 *
 * @example
 * ```ts
 * import AsyncStorage from '@react-native-async-storage/async-storage';
 * const client = createClient({ baseUrl, storage: asyncStorageAdapter(AsyncStorage) });
 * ```
 */
export function asyncStorageAdapter(
  storage: AsyncStorageLike,
  options: AsyncStorageAdapterOptions = {},
): StorageAdapter {
  const root = options.prefix ?? 'infinitestories';
  const data = `${root}:d:`;
  const journalKey = `${root}:journal`;
  const resource = `AsyncStorage "${root}"`;
  const enqueue = serialQueue();
  let recovered: Promise<void> | undefined;
  let closed = false;

  /** Writes rows (puts and deletes) of data keys. */
  const apply = async (rows: readonly Row[]): Promise<void> => {
    const puts = rows.filter((r): r is readonly [string, string] => r[1] !== null);
    const deletes = rows.filter((r) => r[1] === null).map((r) => data + r[0]);
    if (puts.length > 0) await storage.multiSet(puts.map(([k, v]) => [data + k, v] as const));
    if (deletes.length > 0) await storage.multiRemove(deletes);
  };

  /** Replays a batch the app was killed in the middle of. */
  const recover = async (): Promise<void> => {
    const text = await storage.getItem(journalKey);
    if (text === null) return;
    await apply((JSON.parse(text) as Journal).ops);
    await storage.removeItem(journalKey);
  };

  const step = <T>(operation: string, writes: boolean, work: () => Promise<T>): Promise<T> =>
    enqueue(async () => {
      if (closed) throw new StorageError(operation, `${resource} is closed`);
      try {
        recovered ??= recover();
        await recovered;
        return await work();
      } catch (error) {
        recovered = undefined;
        throw toStorageError(operation, resource, error, writes);
      }
    });

  const readRows = async (keys: readonly string[]): Promise<Row[]> => {
    const pairs = await storage.multiGet(keys.map((key) => data + key));
    return pairs.map(([key, value]) => [key.slice(data.length), value]);
  };

  const writeBatch = async (ops: readonly Row[]): Promise<void> => {
    // The last op on a key decides its value (a put then a delete leaves it deleted).
    const rows: Row[] = [...new Map(ops.map((r) => [r[0], r[1]] as const))];
    const before = await readRows(rows.map((r) => r[0]));
    await storage.setItem(journalKey, JSON.stringify({ ops: rows, before } satisfies Journal));
    try {
      await apply(rows);
    } catch (error) {
      await apply(before).catch(() => undefined);
      await storage.removeItem(journalKey).catch(() => undefined);
      throw error;
    }
    await storage.removeItem(journalKey);
  };

  return {
    get(key) {
      const operation = `${name}.get`;
      return step(operation, false, async () => {
        assertKey(operation, key);
        const text = await storage.getItem(data + key);
        return text === null ? undefined : decodeJson(operation, key, text);
      });
    },
    getMany(keys) {
      const operation = `${name}.getMany`;
      return step(operation, false, async () => {
        for (const key of keys) assertKey(operation, key);
        if (keys.length === 0) return [];
        const rows = await readRows(keys);
        return rows.map(([key, text]) =>
          text === null ? undefined : decodeJson(operation, key, text),
        );
      });
    },
    scan(prefix) {
      const operation = `${name}.scan`;
      return step(operation, false, async () => {
        assertKey(operation, prefix);
        const keys = (await storage.getAllKeys())
          .filter((key) => key.startsWith(data + prefix))
          .map((key) => key.slice(data.length));
        const rows = await readRows(keys);
        const entries: Array<[string, JsonValue]> = [];
        for (const [key, text] of rows) {
          if (text !== null) entries.push([key, decodeJson(operation, key, text)]);
        }
        return sortByKey(entries);
      });
    },
    batch(ops: readonly StorageOp[]) {
      const operation = `${name}.batch`;
      let rows: Row[] = [];
      let invalid: unknown = null;
      try {
        rows = ops.map((op): Row => {
          assertOp(operation, op);
          return [op.key, op.type === 'put' ? encodeJson(operation, op.key, op.value) : null];
        });
      } catch (error) {
        invalid = error ?? new Error('invalid batch');
      }
      return step(operation, true, async () => {
        if (invalid !== null) throw invalid;
        if (rows.length > 0) await writeBatch(rows);
      });
    },
    close() {
      return enqueue(async () => {
        closed = true;
      });
    },
  };
}
