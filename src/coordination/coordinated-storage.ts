/**
 * The storage a coordinated client's store writes through. Every write transaction of the store
 * also reads and bumps the user's change record (`c/u/<id>/changes`, outside the namespace, so
 * a wipe leaves it), which gives two things:
 *
 * - **A cheap change counter.** A client without a change channel polls that one key and
 *   re-reads its rows only when another client wrote since its last look.
 * - **A gate for sign-out.** A client signing the user out closes the record first; from then
 *   on every other client's write for that user is refused inside its own transaction, so
 *   nothing lands between the sign-out's count of unsynced changes and its wipe. A completed
 *   sign-out also moves the record to a new epoch: a client still open on the old one can never
 *   write again, even after the user signs back in.
 */
import { StorageError } from '../errors/index.js';
import type { JsonValue, StorageAdapter, StorageOp } from '../storage-adapters/storage-adapter.js';
import { transact } from '../storage-adapters/transact.js';
import { namespacePrefix } from '../store/keys.js';

/** The stored change record of one user. */
interface ChangeRecord {
  /** Bumped by every write transaction of every client. */
  readonly n: number;
  /** Bumped by every completed sign-out. */
  readonly epoch: number;
  /** Set while a sign-out counts and wipes (and after it, until the user signs in again). */
  readonly closed?: boolean;
}

/** The storage key of `userId`'s change record. */
export function changesKey(userId: string): string {
  return `c/${namespacePrefix(userId)}changes`;
}

function recordOf(value: JsonValue | undefined): ChangeRecord {
  const record = value as Partial<ChangeRecord> | undefined;
  return { n: record?.n ?? 0, epoch: record?.epoch ?? 0, closed: record?.closed === true };
}

function put(key: string, record: ChangeRecord): StorageOp {
  const value = record.closed ? { ...record } : { n: record.n, epoch: record.epoch };
  return { type: 'put', key, value: value as unknown as JsonValue };
}

/** A user's storage as one coordinated client sees it (see the module comment). */
export interface CoordinatedStorage {
  /** The adapter the store writes through: the given one, with gated, counted transactions. */
  readonly storage: StorageAdapter;
  /**
   * Reads the change record (one key). True when a client other than this one wrote since the
   * last call (or since {@link openCoordinatedStorage}).
   */
  changedElsewhere(): Promise<boolean>;
}

/**
 * Opens `userId`'s namespace for one client: reopens the change record if a sign-out left it
 * closed, and wraps `inner` so that each write transaction checks and bumps it.
 */
export async function openCoordinatedStorage(
  inner: StorageAdapter,
  userId: string,
): Promise<CoordinatedStorage> {
  const key = changesKey(userId);
  let opened: ChangeRecord = { n: 0, epoch: 0 };
  await transact(inner, [key], ([value]) => {
    opened = { ...recordOf(value), closed: false };
    return [put(key, opened)];
  });
  const { epoch } = opened;
  let seen = opened.n;
  /** Counter values this client's own transactions wrote (not yet seen by a poll). */
  const mine = new Set<number>();
  const gatedTransact: NonNullable<StorageAdapter['transact']> = async (keys, plan) => {
    let written: number | undefined;
    await transact(inner, [...keys, key], (values) => {
      const record = recordOf(values[keys.length]);
      if (record.closed || record.epoch !== epoch) {
        throw new StorageError(
          'store.commit',
          'the user was signed out by another client over this storage; nothing was written',
        );
      }
      const ops = plan(values.slice(0, keys.length));
      if (ops.length === 0) return ops;
      written = record.n + 1;
      mine.add(written);
      return [...ops, put(key, { n: written, epoch })];
    }).catch((error: unknown) => {
      if (written !== undefined) mine.delete(written);
      throw error;
    });
  };
  const storage = new Proxy(inner, {
    get(target, property) {
      if (property === 'transact') return gatedTransact;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return {
    storage,
    async changedElsewhere() {
      const { n } = recordOf(await inner.get(key));
      if (n === seen) return false;
      let elsewhere = n < seen;
      for (let i = seen + 1; i <= n && !elsewhere; i++) elsewhere = !mine.has(i);
      for (const value of mine) if (value <= n) mine.delete(value);
      seen = n;
      return elsewhere;
    },
  };
}

/**
 * Closes `userId`'s namespace before a sign-out counts its unsynced changes: every other
 * client's write for that user is refused from now on.
 */
export async function closeNamespace(storage: StorageAdapter, userId: string): Promise<void> {
  const key = changesKey(userId);
  await transact(storage, [key], ([value]) => [put(key, { ...recordOf(value), closed: true })]);
}

/**
 * Ends a closed namespace after its wipe: a new epoch, so no client opened before the sign-out
 * writes again (the next sign-in of the user opens it anew).
 */
export async function endNamespace(storage: StorageAdapter, userId: string): Promise<void> {
  const key = changesKey(userId);
  await transact(storage, [key], ([value]) => {
    const record = recordOf(value);
    return [put(key, { n: record.n + 1, epoch: record.epoch + 1, closed: true })];
  });
}

/** Reopens a namespace whose sign-out was refused or failed: its clients may write again. */
export async function reopenNamespace(storage: StorageAdapter, userId: string): Promise<void> {
  const key = changesKey(userId);
  await transact(storage, [key], ([value]) => {
    const record = recordOf(value);
    return record.closed ? [put(key, { ...record, closed: false })] : [];
  });
}
