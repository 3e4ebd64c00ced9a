/**
 * `client.auth`: the AuthManager's session API, where every call that changes the user also
 * waits until that user's local data is open (or closed), so the repositories are usable as
 * soon as `signIn()` resolves. The state it shows (`getSnapshot`, `subscribe`, `userId`, the
 * `auth:*` events) is the published copy of the manager's (`published-auth.ts`): a listener told
 * of a user finds that user's data in place.
 */
import type { AuthManager } from '../auth/auth-manager.js';
import type {
  AuthEvents,
  IdTokenSignInParams,
  SignalOption,
  SignInParams,
  SignOutParams,
  SignUpParams,
} from '../auth/auth-options.js';
import type { AuthSnapshot } from '../auth/session-state.js';
import type { Subscribable } from '../repositories/subscribable.js';
import type { PublishedAuth } from './published-auth.js';

/** Sign up, sign in and out, and the session state as a value. */
export class ClientAuth implements Subscribable<AuthSnapshot> {
  readonly #manager: AuthManager;
  readonly #published: PublishedAuth;
  readonly #follow: () => Promise<void>;

  /** @internal built by `createClient` */
  constructor(manager: AuthManager, published: PublishedAuth, follow: () => Promise<void>) {
    this.#manager = manager;
    this.#published = published;
    this.#follow = follow;
  }

  /** Creates an account (email + password + name) and signs it in. */
  signUp(params: SignUpParams): Promise<AuthSnapshot> {
    return this.#then(this.#manager.signUp(params));
  }

  /** Signs in with email and password. Another user's session on this device is ended first. */
  signIn(params: SignInParams): Promise<AuthSnapshot> {
    return this.#then(this.#manager.signIn(params));
  }

  /** Signs in with an identity token from a native provider (Sign in with Apple). */
  signInWithIdToken(params: IdTokenSignInParams): Promise<AuthSnapshot> {
    return this.#then(this.#manager.signInWithIdToken(params));
  }

  /** Checks the session with the server (this also slides its expiry). */
  getSession(options: SignalOption = {}): Promise<AuthSnapshot> {
    return this.#then(this.#manager.getSession(options));
  }

  /**
   * Revokes the session, deletes the token and wipes this user's local data. Refuses with
   * `PendingChangesError` while unsynced changes exist, unless `discardPendingChanges` is set.
   */
  signOut(params: SignOutParams = {}): Promise<AuthSnapshot> {
    return this.#then(this.#manager.signOut(params));
  }

  /** Deletes the account on the server, then signs out and wipes local data. */
  deleteAccount(options: SignalOption = {}): Promise<AuthSnapshot> {
    return this.#then(this.#manager.deleteAccount(options));
  }

  /**
   * The current session state (the same object until it changes). Bound: pass it detached, as
   * in `useSyncExternalStore(client.auth.subscribe, client.auth.getSnapshot)`.
   *
   * A new user shows here once the client holds that user's data: when it reads `signed-in`,
   * `client.heroes` and the other repositories are that user's; when it reads `signed-out`,
   * nothing of the previous user is readable. (While a sign-out or a switch to another user
   * runs, the repositories already refuse with `AuthError` before the state changes.)
   */
  readonly getSnapshot = (): AuthSnapshot => this.#published.snapshot;

  /**
   * Calls `listener` with the new state after every change; returns the unsubscribe function.
   * Bound, like {@link getSnapshot}, and told at the same moment `getSnapshot` changes: a
   * listener told `signed-in` can read that user's repositories at once.
   */
  readonly subscribe = (listener: (snapshot: AuthSnapshot) => void): (() => void) =>
    this.#published.subscribe(listener);

  /**
   * Listens to `auth:changed` or `auth:expired`; returns the unsubscribe function. Told at the
   * same moment as {@link subscribe}.
   */
  on<E extends keyof AuthEvents>(event: E, listener: AuthEvents[E]): () => void {
    return this.#published.on(event, listener);
  }

  /** The signed-in user's id (also while the session is expired), or `null`; as {@link getSnapshot}. */
  get userId(): string | null {
    return this.#published.snapshot.user?.id ?? null;
  }

  /**
   * Waits for the call, then brings the local data in line with the resulting user: opened
   * after a sign-in, closed after a sign-out, reopened after a refused or failed sign-out.
   */
  async #then(call: Promise<AuthSnapshot>): Promise<AuthSnapshot> {
    let snapshot: AuthSnapshot;
    try {
      snapshot = await call;
    } catch (error) {
      await this.#follow().catch(() => {});
      throw error;
    }
    await this.#follow();
    return snapshot;
  }
}
