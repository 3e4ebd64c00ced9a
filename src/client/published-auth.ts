/**
 * The session state `client.auth` shows. The AuthManager's state changes the moment the server
 * answers; the user's local data (store, repositories, sync) opens or closes a moment later.
 * `client.auth.getSnapshot()`, `subscribe`, `userId` and the `auth:changed` / `auth:expired`
 * events follow this published copy, which takes the manager's state only once the local data
 * belongs to its user. So a listener told `signed-in` can read `client.heroes` of that user,
 * and one told `signed-out` finds nothing of the previous user.
 *
 * ```
 * manager    signed-out ─▶ signed-in A ────────────────────▶ signed-in B ──────────────────▶
 * local data none ──────────────────── open A ─▶ A ─────────────────── close A, open B ─▶ B
 * published  signed-out ─────────────────────▶ signed-in A ──────────────────────────▶ signed-in B
 * ```
 *
 * A change that keeps the user (an expiry, a slide of the session) is published at once.
 */
import type { AuthManager } from '../auth/auth-manager.js';
import type { AuthChangedEvent, AuthEvents, AuthExpiredEvent } from '../auth/auth-options.js';
import type { AuthSnapshot } from '../auth/session-state.js';
import { ListenerSet } from '../platform/listener-set.js';
import type { Logger } from '../platform/logging/logger.js';

/** The published session state of one client, with its listeners. */
export class PublishedAuth {
  readonly #manager: AuthManager;
  readonly #settled: () => boolean;
  readonly #snapshots: ListenerSet<[AuthSnapshot]>;
  readonly #changed: ListenerSet<[AuthChangedEvent]>;
  readonly #expired: ListenerSet<[AuthExpiredEvent]>;
  #snapshot: AuthSnapshot;

  /**
   * @param settled whether the local data open now belongs to the manager's current user (none
   *   when there is no user)
   */
  constructor(manager: AuthManager, settled: () => boolean, logger: Logger) {
    this.#manager = manager;
    this.#settled = settled;
    this.#snapshot = manager.getSnapshot();
    const onError = (error: unknown): void => {
      logger.error('auth: a listener threw', { error });
    };
    this.#snapshots = new ListenerSet({ onError });
    this.#changed = new ListenerSet({ onError, perSubscription: true });
    this.#expired = new ListenerSet({ onError, perSubscription: true });
  }

  /** The state last published. */
  get snapshot(): AuthSnapshot {
    return this.#snapshot;
  }

  /** Publishes the manager's state if the local data matches its user, telling the listeners. */
  update(): void {
    if (!this.#settled()) return;
    const snapshot = this.#manager.getSnapshot();
    const previous = this.#snapshot;
    if (snapshot === previous) return;
    this.#snapshot = snapshot;
    this.#snapshots.emit(snapshot);
    this.#changed.emit({ snapshot, previous });
    if (snapshot.status === 'expired' && previous.status !== 'expired') {
      this.#expired.emit({ userId: snapshot.user?.id ?? null, snapshot });
    }
  }

  /** Calls `listener` with every published state; returns the unsubscribe function. */
  subscribe(listener: (snapshot: AuthSnapshot) => void): () => void {
    return this.#snapshots.add(listener);
  }

  /** Listens to `auth:changed` or `auth:expired`; returns the unsubscribe function. */
  on<E extends keyof AuthEvents>(event: E, listener: AuthEvents[E]): () => void {
    if (event === 'auth:expired') return this.#expired.add(listener as AuthEvents['auth:expired']);
    return this.#changed.add(listener as AuthEvents['auth:changed']);
  }

  /** Drops every listener (`client.close()`). */
  clear(): void {
    this.#snapshots.clear();
    this.#changed.clear();
    this.#expired.clear();
  }
}
