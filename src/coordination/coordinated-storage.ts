/**
 * The storage a coordinated client's store writes through. Every write transaction of the store
 * also reads and bumps the user's change record (`c/u/<id>/changes`, outside the namespace, so
 * a wipe leaves it), which gives two things:
 *
 * - **A cheap change counter.** A client without a change channel polls that one key and
 *   re-reads its rows only when another client wrote since its last look. (Clients with a
 *   channel skip the bump: every client over one storage must then have a channel.)
 *   A writer bumps the counter only when its last bump has been seen: the record names the
 *   client that bumped it last (`by`) and whether another client has looked since (`read`,
 *   set by the look). While nobody looked, the bump already tells every other client to
 *   re-read, and a re-read after the next look finds this write too. So a client writing
 *   alone bumps once, not at every write, and no client ever misses a write: a write that
 *   does not bump follows an unseen bump of its own writer, which is newer than every other
 *   client's last look, so each of them sees the counter changed, by another client, at its
 *   next look, and re-reads after it.
 * - **A gate for sign-out.** A client signing the user out closes the record first; from then
 *   on every other client's write for that user is refused inside its own transaction, so
 *   nothing lands between the sign-out's count of unsynced changes and its wipe. A completed
 *   sign-out also moves the record to a new epoch: a client still open on the old one can never
 *   write again, even after the user signs back in.
 */
import { StorageError } from '../errors/index.js';
import { type ScopedTransact, scopedTransactOf } from '../storage-adapters/scoped-transact.js';
import type { JsonValue, StorageAdapter, StorageOp } from '../storage-adapters/storage-adapter.js';
import { type TextScanning, textScanKey, textScanOf } from '../storage-adapters/text-scan.js';
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
  /** The client that bumped `n` last (absent: none since the record was opened). */
  readonly by?: string | undefined;
  /** Whether a client other than `by` has read `n` since. */
  readonly read?: boolean;
}

/** The storage key of `userId`'s change record. */
export function changesKey(userId: string): string {
  return `c/${namespacePrefix(userId)}changes`;
}

function recordOf(value: JsonValue | undefined): ChangeRecord {
  const record = value as Partial<ChangeRecord> | undefined;
  return {
    n: record?.n ?? 0,
    epoch: record?.epoch ?? 0,
    closed: record?.closed === true,
    by: typeof record?.by === 'string' ? record.by : undefined,
    read: record?.read === true,
  };
}

function put(key: string, record: ChangeRecord): StorageOp {
  const value: { [name: string]: JsonValue } = { n: record.n, epoch: record.epoch };
  if (record.closed) value.closed = true;
  if (record.by !== undefined) value.by = record.by;
  if (record.read) value.read = true;
  return { type: 'put', key, value };
}

/** Whether `me` reading `record` must mark it read (its writer then bumps again). */
function unread(record: ChangeRecord, me: string): boolean {
  return record.by !== undefined && record.by !== me && !record.read;
}

/**
 * Every method of `inner` (its own and its prototypes'), bound to it once, and its text scan
 * (SQLite: rows handed over as stored, decoded on first use): the adapter as it is, with
 * whatever optional methods it offers, ready to have one replaced. Its scoped transactions are
 * not passed on: the wrapper's own `transact` stays in the path of whoever writes through it.
 */
function forwarding(inner: StorageAdapter): StorageAdapter {
  const out: Record<string, unknown> = {};
  const source = inner as unknown as Record<string, unknown>;
  for (let level: object | null = inner; level && level !== Object.prototype; ) {
    for (const name of Object.getOwnPropertyNames(level)) {
      if (name === 'constructor' || name in out) continue;
      const value = source[name];
      out[name] = typeof value === 'function' ? value.bind(inner) : value;
    }
    level = Object.getPrototypeOf(level) as object | null;
  }
  const textScan = textScanOf(inner);
  const scanning: TextScanning = textScan ? { [textScanKey]: textScan } : {};
  return Object.assign(out, scanning) as unknown as StorageAdapter;
}

function refuse(): never {
  throw new StorageError(
    'store.commit',
    'the user was signed out by another client over this storage; nothing was written',
  );
}

interface Client {
  readonly key: string;
  readonly epoch: number;
  readonly me: string;
  readonly count: boolean;
  readonly mine: Set<number>;
}

/**
 * Transactions over `inner` in which each one is a scope of its own (nothing is known from one
 * to the next): for adapters without scopes, and where scopes would not isolate the counter.
 */
function ownScopes(inner: StorageAdapter): ScopedTransact['run'] {
  const raw = inner.transact?.bind(inner);
  const stay = (): void => {};
  return (keys, plan) => {
    const scope = {};
    const read = keys(scope);
    const step = (values: ReadonlyArray<JsonValue | undefined>) => plan(values, scope, stay);
    return raw ? raw(read, step) : transact(inner, read, step);
  };
}

/**
 * The write transactions of one client: each checks the gate (and bumps the counter, see the
 * module comment). On an adapter with scopes (scoped-transact.ts) the record is read once per
 * scope: a sign-out closes the gate with an `alone` transaction, which ends every scope, so
 * the next write of every client reads it again. With the counter, only where scopes are
 * isolated (no other connection wrote in one) and every write of the record ends them, so a
 * record known in a scope is the stored one; elsewhere every transaction reads it.
 */
function gated(
  inner: StorageAdapter,
  { key, epoch, me, count, mine }: Client,
): NonNullable<StorageAdapter['transact']> {
  const scoped = scopedTransactOf(inner);
  const run = scoped && (!count || scoped.isolated) ? scoped.run.bind(scoped) : ownScopes(inner);
  /** The scope in which this client last found the gate open, and the record then. */
  let verified: unknown;
  let known: ChangeRecord | undefined;
  return (keys, plan) => {
    let checked = false;
    let planned = false;
    let written: number | undefined;
    const done = run(
      (scope) => {
        checked = scope !== verified || known === undefined;
        return checked ? [...keys, key] : keys;
      },
      (values, scope, end) => {
        planned = true;
        const record = checked || !known ? recordOf(values[keys.length]) : known;
        verified = undefined;
        if (record.closed || record.epoch !== epoch) refuse();
        const ops = plan(checked ? values.slice(0, keys.length) : values);
        // This client's last bump is still unseen: it covers this write too (module comment).
        if (ops.length === 0 || !count || (record.by === me && !record.read)) {
          verified = scope;
          known = record;
          return ops;
        }
        written = record.n + 1;
        mine.add(written);
        end(); // every client knowing the record reads it again
        return [...ops, put(key, { n: written, epoch, by: me })];
      },
    );
    // A bump that did not commit is not this client's. Nothing to undo without a bump (a plan
    // that already ran, as memory and SQLite run it, or one that never counts).
    if (!count || (planned && written === undefined)) return done;
    return done.catch((error: unknown) => {
      if (written !== undefined) mine.delete(written);
      throw error;
    });
  };
}

/**
 * A transaction that writes the change record without closing it: where scopes are isolated
 * it ends them (the clients that keep the counter know the record within a scope).
 */
function rewrite(
  storage: StorageAdapter,
  key: string,
  plan: (value: JsonValue | undefined) => readonly StorageOp[],
): Promise<void> {
  const scoped = scopedTransactOf(storage);
  if (!scoped?.isolated) return transact(storage, [key], ([value]) => plan(value));
  return scoped.run(
    () => [key],
    ([value], _, end) => {
      const ops = plan(value);
      if (ops.length > 0) end();
      return ops;
    },
  );
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
  options: {
    /**
     * Whether write transactions bump the counter (a second row written each time). Clients
     * with a change channel need only the gate. @default true
     */
    readonly count?: boolean;
  } = {},
): Promise<CoordinatedStorage> {
  const count = options.count !== false;
  const key = changesKey(userId);
  /** This client, as the change record names it. */
  const me = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
  let opened: ChangeRecord = { n: 0, epoch: 0 };
  // Opening is a look: the store reads its rows after it.
  await rewrite(inner, key, (value) => {
    const record = recordOf(value);
    opened = { ...record, closed: false, read: record.read || unread(record, me) };
    return [put(key, opened)];
  });
  const { epoch } = opened;
  let seen = opened.n;
  /** Counter values this client's own transactions wrote (not yet seen by a poll). */
  const mine = new Set<number>();
  const gatedTransact = gated(inner, { key, epoch, me, count, mine });
  return {
    storage: { ...forwarding(inner), transact: gatedTransact },
    async changedElsewhere() {
      let record = recordOf(await inner.get(key));
      if (unread(record, me)) {
        // Marked read in one step with the value looked at, so its writer bumps again after.
        await rewrite(inner, key, (value) => {
          record = recordOf(value);
          return unread(record, me) ? [put(key, { ...record, read: true })] : [];
        });
      }
      const { n } = record;
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
 * A transaction that refuses writes of other clients from now on: on an adapter with scopes,
 * one that ends them (every client then reads the gate again, see {@link gated}).
 */
function alone(
  storage: StorageAdapter,
  keys: readonly string[],
  plan: (values: ReadonlyArray<JsonValue | undefined>) => readonly StorageOp[],
): Promise<void> {
  const scoped = scopedTransactOf(storage);
  return scoped ? scoped.alone(keys, plan) : transact(storage, keys, plan);
}

/**
 * Closes `userId`'s namespace before a sign-out counts its unsynced changes: every other
 * client's write for that user is refused from now on.
 */
export async function closeNamespace(storage: StorageAdapter, userId: string): Promise<void> {
  const key = changesKey(userId);
  await alone(storage, [key], ([value]) => [put(key, { ...recordOf(value), closed: true })]);
}

/**
 * Ends a closed namespace after its wipe: a new epoch, so no client opened before the sign-out
 * writes again (the next sign-in of the user opens it anew).
 */
export async function endNamespace(storage: StorageAdapter, userId: string): Promise<void> {
  const key = changesKey(userId);
  await alone(storage, [key], ([value]) => {
    const record = recordOf(value);
    return [put(key, { n: record.n + 1, epoch: record.epoch + 1, closed: true })];
  });
}

/** Reopens a namespace whose sign-out was refused or failed: its clients may write again. */
export async function reopenNamespace(storage: StorageAdapter, userId: string): Promise<void> {
  const key = changesKey(userId);
  await rewrite(storage, key, (value) => {
    const record = recordOf(value);
    return record.closed ? [put(key, { ...record, closed: false })] : [];
  });
}
