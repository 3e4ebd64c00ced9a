/**
 * `client.sync` and `client.conflicts`: stable objects over the current user's sync engine.
 * While nobody is signed in they report an idle, empty state; listeners carry over when the
 * user changes.
 */
import type { Conflict, ConflictChoice } from '../conflict/conflict.js';
import { AuthError } from '../errors/index.js';
import type { ConnectivityMonitor } from '../platform/connectivity.js';
import type { Subscribable } from '../repositories/subscribable.js';
import type { PendingMutation } from '../store/outbox.js';
import { clearSuperseded, readSuperseded, type SupersededWrite } from '../sync/superseded.js';
import { idleSyncSnapshot, type SyncSnapshot, type SyncSummary } from '../sync/sync-events.js';
import type { UserSession } from './user-session.js';

type SessionSource = () => UserSession | null;

function notSignedIn(operation: string): AuthError {
  return new AuthError({
    operation,
    code: 'NOT_SIGNED_IN',
    message: `${operation} needs a signed-in user; call client.auth.signIn() first`,
  });
}

/**
 * Listeners that follow whichever engine is current. They are called with the new snapshot,
 * and only when it really changed (a user switch that keeps the same value is silent).
 */
class FollowingListeners<T> {
  readonly #listeners = new Set<(value: T) => void>();
  #detach: (() => void) | null = null;
  #last: T | undefined;

  constructor(
    private readonly attach: (notify: () => void) => (() => void) | null,
    private readonly read: () => T,
  ) {}

  add(listener: (value: T) => void): () => void {
    if (this.#listeners.size === 0) this.#last = this.read();
    this.#listeners.add(listener);
    if (this.#listeners.size === 1) this.#detach = this.attach(() => this.emit());
    return () => {
      if (!this.#listeners.delete(listener)) return;
      if (this.#listeners.size === 0) {
        this.#detach?.();
        this.#detach = null;
      }
    };
  }

  /** The source changed: re-attach and tell everyone. */
  reattach(): void {
    this.#detach?.();
    this.#detach = this.#listeners.size > 0 ? this.attach(() => this.emit()) : null;
    this.emit();
  }

  emit(): void {
    const value = this.read();
    if (value === this.#last) return;
    this.#last = value;
    for (const listener of [...this.#listeners]) listener(value);
  }

  /** Detaches from the source and forgets every listener. */
  dispose(): void {
    this.#detach?.();
    this.#detach = null;
    this.#listeners.clear();
  }
}

/** Background sync of the signed-in user's data. */
export class ClientSync implements Subscribable<SyncSnapshot> {
  readonly #session: SessionSource;
  readonly #connectivity: ConnectivityMonitor;
  readonly #listeners: FollowingListeners<SyncSnapshot>;
  #idle: SyncSnapshot | null = null;
  #stopped = false;

  /** @internal built by `createClient` */
  constructor(session: SessionSource, connectivity: ConnectivityMonitor) {
    this.#session = session;
    this.#connectivity = connectivity;
    this.#listeners = new FollowingListeners(
      (notify) => {
        const current = this.#session();
        if (current) return current.engine.subscribe(() => notify());
        return connectivity.subscribe(() => notify());
      },
      () => this.getSnapshot(),
    );
  }

  /**
   * Starts background sync (and keeps it on for the next user who signs in). With
   * `coordination`, background rounds run only on the client that pushes: the others see
   * their results through the shared storage, and take over when the pusher goes.
   */
  start(): void {
    this.#stopped = false;
    this.#session()?.setBackground(true);
  }

  /** Stops scheduling background rounds; `syncNow()` still works. */
  stop(): void {
    this.#stopped = true;
    this.#session()?.setBackground(false);
  }

  /**
   * Runs a sync round now: resolves with `{ pushed, pulled, conflicts, failed }`. With
   * `coordination`, on a client that is not the pusher, it asks the pusher for a round and
   * resolves once that round (which pushed this client's changes and pulled) has finished; when
   * that round failed, it rejects with the same error class and fields the pusher got.
   */
  syncNow(options: { readonly signal?: AbortSignal | undefined } = {}): Promise<SyncSummary> {
    const session = this.#session();
    if (!session) return Promise.reject(notSignedIn('sync.syncNow'));
    return session.syncNow(options);
  }

  /**
   * The sync status (the same object until a field changes). Bound: pass it detached, as in
   * `useSyncExternalStore(client.sync.subscribe, client.sync.getSnapshot)`.
   */
  readonly getSnapshot = (): SyncSnapshot => {
    const session = this.#session();
    if (session) return session.engine.getSnapshot();
    const online = this.#connectivity.isOnline();
    if (this.#idle?.online !== online) {
      this.#idle = idleSyncSnapshot(online);
    }
    return this.#idle;
  };

  /** The sync status. */
  getStatus(): SyncSnapshot {
    return this.getSnapshot();
  }

  /**
   * Calls `listener` with the new status after every change; returns the unsubscribe function.
   * Bound, like {@link getSnapshot}.
   */
  readonly subscribe = (listener: (snapshot: SyncSnapshot) => void): (() => void) =>
    this.#listeners.add(listener);

  /** Every queued change with its status and last error (empty when signed out). */
  pending(): readonly PendingMutation[] {
    return this.#session()?.engine.pending() ?? [];
  }

  /** Makes a failed change eligible again (sent at the next round, or at once while sync runs). */
  retry(mutationId: string): Promise<void> {
    const session = this.#session();
    if (!session) return Promise.reject(notSignedIn('sync.retry'));
    return session.engine.retry(mutationId);
  }

  /** Drops a queued change; its record rolls back to the last server version. */
  discard(mutationId: string): Promise<void> {
    const session = this.#session();
    if (!session) return Promise.reject(notSignedIn('sync.discard'));
    return session.engine.discard(mutationId);
  }

  /**
   * Local edits the server's version replaced (last-writer-wins lost, or a `server-wins`
   * field), oldest first, at most 50, kept across restarts; empty when signed out. Each names
   * the record, the fields, the local and the winning values: apply `local` again with an
   * ordinary update to undo. Announced as they happen by the `write:superseded` event.
   */
  superseded(): readonly SupersededWrite[] {
    const session = this.#session();
    return session ? readSuperseded(session.store) : [];
  }

  /** Empties {@link superseded} (the app showed it, or the user dismissed it). */
  clearSuperseded(): Promise<void> {
    const session = this.#session();
    if (!session) return Promise.reject(notSignedIn('sync.clearSuperseded'));
    return clearSuperseded(session.store);
  }

  /** Foreground (poll at `sync.foregroundPollMs`) or background (`sync.intervalMs`). */
  setForeground(foreground: boolean): void {
    this.#session()?.engine.setForeground(foreground);
  }

  /** Resolves once no sync round is running or queued. */
  async whenIdle(): Promise<void> {
    await this.#session()?.engine.whenIdle();
  }

  /** @internal whether the app stopped background sync (new sessions then do not start it) */
  get stopped(): boolean {
    return this.#stopped;
  }

  /** @internal the user session changed */
  notify(): void {
    this.#listeners.reattach();
  }

  /** @internal the client closed */
  dispose(): void {
    this.#listeners.dispose();
  }
}

/** Conflicts waiting for the user (story text edited on two devices, remote deletes…). */
export class ClientConflicts implements Subscribable<readonly Conflict[]> {
  readonly #session: SessionSource;
  readonly #listeners: FollowingListeners<readonly Conflict[]>;
  static readonly #none: readonly Conflict[] = Object.freeze([]);

  /** @internal built by `createClient` */
  constructor(session: SessionSource) {
    this.#session = session;
    this.#listeners = new FollowingListeners(
      (notify) => {
        const current = this.#session();
        return current ? current.engine.conflicts.subscribe(notify) : null;
      },
      () => this.list(),
    );
  }

  /** Open conflicts, oldest first (the same array until one changes). */
  list(): readonly Conflict[] {
    return this.#session()?.engine.conflicts.list() ?? ClientConflicts.#none;
  }

  /**
   * Same as {@link list}. Bound: pass it detached, as in
   * `useSyncExternalStore(client.conflicts.subscribe, client.conflicts.getSnapshot)`.
   */
  readonly getSnapshot = (): readonly Conflict[] => this.list();

  /**
   * Calls `listener` with the new list after every change; returns the unsubscribe function.
   * Bound, like {@link getSnapshot}.
   */
  readonly subscribe = (listener: (conflicts: readonly Conflict[]) => void): (() => void) =>
    this.#listeners.add(listener);

  /** Resolves a conflict with `'keep-local'`, `'keep-remote'` or `{ merged }`; a sync follows. */
  resolve(conflictId: string, choice: ConflictChoice): Promise<void> {
    const session = this.#session();
    if (!session) return Promise.reject(notSignedIn('conflicts.resolve'));
    return session.engine.conflicts.resolve(conflictId, choice);
  }

  /** @internal the user session changed */
  notify(): void {
    this.#listeners.reattach();
  }

  /** @internal the client closed */
  dispose(): void {
    this.#listeners.dispose();
  }
}
