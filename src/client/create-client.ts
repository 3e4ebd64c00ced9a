/**
 * `createClient`: the one object an app holds. It wires the platform seams the host injects
 * (storage, secure store, connectivity, fetch, logger, clock) into the AuthManager, the API
 * client, and — per signed-in user — the local store, the repositories and the sync engine.
 *
 * ```
 * createClient ── resolveClientOptions ─┬─ auth ─> AuthManager ──(authHook)──> ApiClient
 *                                       ├─ http ──────────────────────────────┘
 *                                       └─ storage, sync, conflicts ─> UserSession
 *                                            (opened on sign-in, closed on sign-out / user switch)
 *                                            LocalStore ─ Repositories ─ SyncEngine
 * ```
 */

import { createApiClient } from '../api/api-client.js';
import { registerFullApi } from '../api/full-api-registry.js';
import { type AuthManager, createAuthManager } from '../auth/auth-manager.js';
import type { AuthEvents } from '../auth/auth-options.js';
import { endNamespace, reopenNamespace } from '../coordination/coordinated-storage.js';
import { newClientId } from '../coordination/coordination-options.js';
import type { SessionSharing } from '../coordination/share-session.js';
import { AuthError, ClientClosedError } from '../errors/index.js';
import type { MediaCache, MediaEvents } from '../media/media-cache-api.js';
import { ClientMigration } from '../migration/client-migration.js';
import type { Logger } from '../platform/logging/logger.js';
import type { Repositories } from '../repositories/create-repositories.js';
import { openLocalStore, wipeNamespace } from '../store/local-store.js';
import type { RecordChangedEvent, SyncEvents } from '../sync/sync-events.js';
import { ClientAuth } from './client-auth.js';
import { closeNamespaceOf, shareClientSession } from './client-coordination.js';
import { createClientMedia } from './client-media.js';
import type { ClientOptions } from './client-options.js';
import { ClientConflicts, ClientSync } from './client-sync.js';
import { type ClientLife, guardClosed } from './closed-guard.js';
import { EventRelay } from './event-relay.js';
import type { LazyMediaCache } from './lazy-media-cache.js';
import { PublishedAuth } from './published-auth.js';
import { resolveClientOptions } from './resolve-client-options.js';
import { type ServerApi, serverApi } from './server-api.js';
import { sessionDeps } from './session-deps.js';
import { openUserSession, type UserSession, type UserSessionDeps } from './user-session.js';

/** Every event `client.on` can listen to. */
export type ClientEvents = AuthEvents & SyncEvents & MediaEvents;

/** The SDK client. Create it with {@link createClient}. */
export interface InfiniteStoriesClient {
  /** Resolves once storage is open and the saved session (if any) is restored. */
  readonly ready: Promise<void>;
  /** Sign up, sign in and out, session state. */
  readonly auth: ClientAuth;
  /** Heroes of the signed-in user (local first). Throws `AuthError` `NOT_SIGNED_IN` when signed out. */
  readonly heroes: Repositories['heroes'];
  /** Stories of the signed-in user (local first; generation is online-only). */
  readonly stories: Repositories['stories'];
  /** Custom story events of the signed-in user. */
  readonly customEvents: Repositories['customEvents'];
  /** Visual profiles, one per hero. */
  readonly visualProfiles: Repositories['visualProfiles'];
  /** Story illustrations (read-only on the device). */
  readonly illustrations: Repositories['illustrations'];
  /** Profile and usage limits (network first, cached). */
  readonly user: Repositories['user'];
  /** Background sync: status, pending changes, `syncNow()`. */
  readonly sync: ClientSync;
  /** Conflicts waiting for the user, and their resolution. */
  readonly conflicts: ClientConflicts;
  /**
   * Backend calls the repositories do not cover (analytics, batch import, health). They go
   * straight to the server: nothing is cached or queued in the outbox.
   */
  readonly api: ServerApi;
  /** Avatars, audio and illustrations offline, within a byte budget (needs a signed-in user). */
  readonly media: MediaCache;
  /** Moves a legacy local-only library into the signed-in account: `run`, `resume`, `rollback`. */
  readonly migration: ClientMigration;
  /** Listens to a typed event (`auth:changed`, `auth:expired`, `status`, `conflict`, `mutation:failed`, …). */
  on<E extends keyof ClientEvents & string>(event: E, listener: ClientEvents[E]): () => void;
  /**
   * Stops sync, closes the store and aborts requests in flight. Idempotent. From the moment it
   * is called (not only once it resolved), every other method throws `ClientClosedError`;
   * `getSnapshot` answers (the emptied state subscribers are told of) until it resolved.
   */
  close(): Promise<void>;
}

/**
 * Creates a client. Nothing is shared between two clients, so one process can hold several
 * (the multi-device tests do).
 *
 * @example
 * ```ts
 * const client = createClient({ baseUrl: 'https://api.example.com', storage: indexedDBStorage() });
 * await client.ready;
 * await client.auth.signIn({ email, password });
 * const hero = await client.heroes.create({ name: 'Luna', age: 7, traits: ['brave'] });
 * ```
 */
export function createClient(options: ClientOptions): InfiniteStoriesClient {
  return new Client(options);
}

class Client implements InfiniteStoriesClient {
  readonly ready: Promise<void>;
  readonly auth: ClientAuth;
  readonly sync: ClientSync;
  readonly #sync: ClientSync;
  readonly conflicts: ClientConflicts;
  readonly #conflicts: ClientConflicts;
  readonly api: ServerApi;
  readonly media: MediaCache;
  readonly #media: LazyMediaCache;
  readonly migration: ClientMigration;
  readonly #manager: AuthManager;
  /** What `client.auth` shows: the manager's state once the local data follows it. */
  readonly #published: PublishedAuth;
  readonly #deps: UserSessionDeps;
  readonly #relay = new EventRelay<SyncEvents>();
  readonly #logger: Logger;
  #session: UserSession | null = null;
  /** With coordination: sign-in, sign-out and expiry shared with the other clients. */
  #sessions: SessionSharing | undefined;
  #switching: Promise<void> = Promise.resolve();
  /** Set when `close()` is called: from then on every method throws `ClientClosedError`. */
  #closed = false;
  /** Set once `close()` finished: from then on snapshot reads throw too. */
  #shut = false;
  readonly #guardedRepositories = new WeakMap<Repositories, Repositories>();

  constructor(options: ClientOptions) {
    const resolved = resolveClientOptions(options);
    this.#logger = resolved.logger;
    this.#manager = createAuthManager({
      ...resolved.auth,
      sessionData: {
        pendingCount: (userId) => this.#pendingCount(userId),
        wipe: (userId) => this.#wipe(userId),
      },
      // Account deletion goes through an API client the manager builds with these options.
      apiClientOptions: resolved.http,
    });
    const api = createApiClient({ ...resolved.http, auth: this.#manager.authHook });
    const closed = () => this.#life();
    // A copy: a Proxy cannot answer for the frozen properties of the original.
    this.api = guardClosed({ ...serverApi(api) }, 'api', closed);
    registerFullApi(this, api);
    registerFullApi(this.api, api);
    const manager = this.#manager;
    const coordination = options.coordination && {
      ...options.coordination,
      clientId: options.coordination.clientId ?? newClientId(resolved.now),
    };
    this.#deps = sessionDeps(resolved, api, manager, coordination);
    this.#media = createClientMedia(options, resolved, api, () => this.#session);
    this.media = guardClosed(this.#media, 'media', closed);
    this.#relay.on('record:changed', (event) => this.#recordChanged(event));
    this.migration = guardClosed(
      new ClientMigration({
        api,
        storage: resolved.storage,
        logger: resolved.logger,
        session: () => this.#session,
        media: () => this.#media,
      }),
      'migration',
      closed,
    );
    this.#sync = new ClientSync(() => this.#session, resolved.connectivity);
    this.sync = guardClosed(this.#sync, 'sync', closed);
    this.#conflicts = new ClientConflicts(() => this.#session);
    this.conflicts = guardClosed(this.#conflicts, 'conflicts', closed);
    this.#published = new PublishedAuth(manager, () => this.#settled(), resolved.logger);
    const auth = new ClientAuth(manager, this.#published, () => this.#follow());
    this.auth = guardClosed(auth, 'auth', closed);
    manager.subscribe(() => {
      this.#published.update(); // at once when the user stays; after #follow when it changes
      this.#follow().catch(() => {}); // logged by #serial; callers of signIn() see it too
    });
    this.ready = manager.ready.then(
      () => this.#follow(),
      async (error: unknown) => {
        await this.#follow();
        throw error;
      },
    );
    this.ready.catch(() => {});
    if (coordination) {
      const start = () => {
        if (!this.#closed) this.#sessions = shareClientSession(coordination, resolved, manager);
      };
      manager.ready.then(start, start);
    }
  }

  get heroes(): Repositories['heroes'] {
    return this.#repositories('heroes').heroes;
  }
  get stories(): Repositories['stories'] {
    return this.#repositories('stories').stories;
  }
  get customEvents(): Repositories['customEvents'] {
    return this.#repositories('customEvents').customEvents;
  }
  get visualProfiles(): Repositories['visualProfiles'] {
    return this.#repositories('visualProfiles').visualProfiles;
  }
  get illustrations(): Repositories['illustrations'] {
    return this.#repositories('illustrations').illustrations;
  }
  get user(): Repositories['user'] {
    return this.#repositories('user').user;
  }

  on<E extends keyof ClientEvents & string>(event: E, listener: ClientEvents[E]): () => void {
    if (this.#closed) throw new ClientClosedError('client.on');
    if (event === 'auth:changed' || event === 'auth:expired') {
      return this.#published.on(event as keyof AuthEvents, listener as never);
    }
    if (event === 'media:progress') {
      return this.#media.on(event, listener as MediaEvents['media:progress']);
    }
    return this.#relay.on(event as keyof SyncEvents & string, listener as never);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#sessions?.close();
    this.#manager.close();
    await this.#serial(async () => {
      await this.#detach()?.close();
    });
    await this.#media.close();
    this.#relay.clear();
    this.#published.clear();
    this.#sync.dispose();
    this.#conflicts.dispose();
    this.#shut = true;
  }

  #life(): ClientLife {
    if (this.#shut) return 'closed';
    return this.#closed ? 'closing' : 'open';
  }

  #repositories(name: keyof Repositories): Repositories {
    if (this.#closed) throw new ClientClosedError(`client.${name}`);
    const session = this.#session;
    if (!session) {
      throw new AuthError({
        operation: `client.${name}`,
        code: 'NOT_SIGNED_IN',
        message: `client.${name} needs a signed-in user; call client.auth.signIn() first (and await client.ready at start)`,
      });
    }
    let guarded = this.#guardedRepositories.get(session.repositories);
    if (!guarded) {
      const closed = () => this.#life();
      const repositories = session.repositories;
      guarded = Object.fromEntries(
        Object.entries(repositories).map(([key, repository]) => [
          key,
          guardClosed(repository as object, `client.${key}`, closed),
        ]),
      ) as unknown as Repositories;
      this.#guardedRepositories.set(session.repositories, guarded);
    }
    return guarded;
  }

  /**
   * Runs session changes one at a time. A failed task (say, storage that would not open)
   * rejects for its caller only: the chain goes on, and a later `#follow` tries again.
   */
  #serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#switching.then(task);
    this.#switching = run.then(
      () => undefined,
      (error: unknown) => {
        this.#logger.warn('client: a change of the signed-in user’s local data failed', { error });
      },
    );
    return run;
  }

  /** Takes the current session out of service (repositories, sync facade, events). */
  #detach(): UserSession | null {
    const session = this.#session;
    if (!session) return null;
    this.#session = null;
    this.#relay.setSource(null);
    this.#media.scopeChanged();
    this.#sync.notify();
    this.#conflicts.notify();
    return session;
  }

  /** Whether the open user session (or none) is the AuthManager's current user's. */
  #settled(): boolean {
    return (this.#session?.userId ?? null) === this.#manager.userId;
  }

  /**
   * Opens or closes the user session so that it matches the AuthManager's user, then publishes
   * the manager's state to `client.auth` (so its listeners find the new user's data in place).
   */
  #follow(): Promise<void> {
    return this.#serial(async () => {
      try {
        await this.#switchTo(this.#closed ? null : this.#manager.userId);
      } finally {
        this.#published.update();
      }
    });
  }

  async #switchTo(userId: string | null): Promise<void> {
    if (this.#session?.userId === userId) return;
    await this.#detach()?.close();
    if (userId === null) return;
    const sync = this.#deps.sync;
    const autoStart = (sync.autoStart ?? true) && !this.#sync.stopped;
    const session = await openUserSession({ ...this.#deps, sync: { ...sync, autoStart } }, userId);
    // Closed, or the user changed again while it opened (the next #follow is queued).
    if (this.#closed || this.#manager.userId !== userId) {
      await session.close();
      return;
    }
    this.#session = session;
    this.#relay.setSource(session.engine);
    this.#media.scopeChanged();
    this.#sync.notify();
    this.#conflicts.notify();
  }

  /**
   * Counts the unsynced changes of a user who is signing out. Their session is closed first
   * (writes in progress finish, new ones are refused), so that no write can land between this
   * count and the wipe; a refused or failed sign-out reopens it (`ClientAuth`).
   *
   * With coordination the namespace is closed to every client's writes (this one's too)
   * before the session, once the session's sync is held back: when that fails (on IndexedDB,
   * another connection that does not close blocks the version change), the session stays as it
   * was and its sync runs again.
   */
  #pendingCount(userId: string): Promise<number> {
    return this.#serial(async () => {
      const { storage, coordination } = this.#deps;
      // Other clients over the storage may hold changes this one never read: count what is
      // stored, with the namespace closed to their writes until the wipe (or reopened).
      if (coordination) await this.#closeNamespace(userId);
      if (this.#session?.userId === userId) {
        const session = this.#detach();
        await session?.close();
        if (!coordination) return session?.pendingAtClose() ?? 0;
      }
      const store = await openLocalStore({ storage, userId });
      try {
        const count = store.outbox.pendingCount;
        if (count > 0 && coordination) await reopenNamespace(storage, userId);
        return count;
      } finally {
        await store.close();
      }
    });
  }

  /** Closes `userId`'s namespace to every client's writes, this client's sync held back. */
  #closeNamespace(userId: string): Promise<void> {
    const session = this.#session?.userId === userId ? this.#session : null;
    return closeNamespaceOf(this.#deps.storage, userId, session);
  }

  /** Deletes everything stored for `userId` (sign-out, account deletion). */
  #wipe(userId: string): Promise<void> {
    return this.#serial(async () => {
      const { storage, coordination } = this.#deps;
      // As in #pendingCount: a close that fails leaves the session open.
      if (coordination) await this.#closeNamespace(userId);
      if (this.#session?.userId === userId) await this.#detach()?.close();
      await wipeNamespace(storage, userId);
      if (coordination) await endNamespace(storage, userId);
      await this.#media.wipeUser(userId);
    });
  }

  /** A hero, story or illustration that left the device takes its media with it. */
  #recordChanged(event: RecordChangedEvent): void {
    const session = this.#session;
    if (!session || session.store.hasRecord(event.collection, event.localId)) return;
    this.#media
      .dropRecord(session.userId, event.collection, event.localId)
      .catch((error: unknown) => {
        this.#logger.warn('media: could not drop the media of a deleted record', { error });
      });
  }
}
