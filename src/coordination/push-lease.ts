/**
 * Who may push: one client per user and storage. Browsers use the Web Locks API
 * ({@link webLocksPushLock}); elsewhere {@link storagePushLease} keeps a lease record in the
 * shared storage, renewed while the holder lives and taken over once it expires.
 */
import type { StorageAdapter } from '../storage-adapters/storage-adapter.js';
import { transact } from '../storage-adapters/transact.js';

/** The right to push, held by at most one client at a time. */
export interface PushLock {
  /**
   * Tries to take (or keep) the right. Resolves `true` while this client holds it. Called
   * again before the previous hold runs out to renew it.
   */
  acquire(): Promise<boolean>;
  /** Whether this client holds the right now (false once a hold ran out without renewal). */
  held(): boolean;
  /** Gives the right up (another client may take it at once). Idempotent. */
  release(): Promise<void>;
  /**
   * Confirms, right before a send, that this client still holds the right where it is kept
   * (the lease's owner and fencing token in the storage), not just by its own clock. Optional:
   * without it, {@link held} decides.
   */
  confirm?(): Promise<boolean>;
}

/** Options of {@link storagePushLease}. */
export interface StoragePushLeaseOptions {
  readonly storage: StorageAdapter;
  /** The storage key of the lease (one per user). */
  readonly key: string;
  /** This client's id. */
  readonly owner: string;
  /** How long a hold lasts without renewal. @default 5000 */
  readonly ttlMs?: number;
  readonly now: () => number;
}

/** The stored lease. `token` grows with every change of holder (a fencing token). */
interface Lease {
  readonly owner: string;
  readonly token: number;
  readonly expiresAt: number;
}

/**
 * A lease in storage, taken and renewed with an atomic read-modify-write (`transact`), so two
 * clients never both hold it. A holder stops counting itself as the pusher a quarter of the
 * ttl before its hold runs out, so a slow renewal never overlaps with the next holder, and it
 * confirms the stored owner and fencing token right before each send (`confirm`), so a holder
 * that was paused while another took the lease over never sends.
 */
export function storagePushLease(options: StoragePushLeaseOptions): PushLock {
  const ttl = options.ttlMs ?? 5000;
  let heldUntil = 0;
  let token = 0;
  return {
    async acquire() {
      const now = options.now();
      let mine = false;
      await transact(options.storage, [options.key], ([value]) => {
        const lease = value as unknown as Lease | undefined;
        mine = !lease || lease.owner === options.owner || lease.expiresAt <= now;
        if (!mine) return [];
        token = lease?.owner === options.owner ? lease.token : (lease?.token ?? 0) + 1;
        const next: Lease = { owner: options.owner, token, expiresAt: now + ttl };
        return [{ type: 'put', key: options.key, value: { ...next } }];
      });
      heldUntil = mine ? now + (ttl * 3) / 4 : 0;
      return mine;
    },
    held: () => heldUntil > options.now(),
    async confirm() {
      if (heldUntil <= options.now()) return false;
      const lease = (await options.storage.get(options.key)) as unknown as Lease | undefined;
      // The same hold (owner and token), and still inside this client's share of it.
      return (
        lease?.owner === options.owner &&
        lease.token === token &&
        lease.expiresAt - ttl / 4 > options.now()
      );
    },
    async release() {
      if (heldUntil === 0) return;
      heldUntil = 0;
      await transact(options.storage, [options.key], ([value]) => {
        const lease = value as unknown as Lease | undefined;
        if (lease?.owner !== options.owner) return [];
        return [{ type: 'put', key: options.key, value: { ...lease, expiresAt: 0 } }];
      });
    },
  };
}

/** The part of `navigator.locks` {@link webLocksPushLock} uses. */
export interface LockManagerLike {
  request(
    name: string,
    options: { readonly ifAvailable: true },
    callback: (lock: unknown) => Promise<void>,
  ): Promise<void>;
}

/**
 * The right to push as a Web Lock named `name` (`navigator.locks`): the browser hands it to
 * one tab at a time and frees it the moment the tab closes or crashes.
 */
export function webLocksPushLock(name: string, locks: LockManagerLike): PushLock {
  let holding = false;
  let letGo: (() => void) | undefined;
  return {
    async acquire() {
      if (holding) return true;
      await new Promise<void>((answered) => {
        void locks.request(name, { ifAvailable: true }, (lock) => {
          if (lock === null) {
            answered();
            return Promise.resolve();
          }
          holding = true;
          answered();
          return new Promise<void>((resolve) => {
            letGo = resolve;
          });
        });
      });
      return holding;
    },
    held: () => holding,
    async release() {
      holding = false;
      letGo?.();
      letGo = undefined;
    },
  };
}
