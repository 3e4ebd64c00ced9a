/**
 * The AuthManager: sessions over better-auth's bearer flow (`createAuthClient` from
 * `better-auth/client`), the token kept only in the SecureStore, state as an immutable value
 * with `subscribe` and typed events, keep-alive, the API client's auth hook, and a sign-out
 * that never loses unsynced work by accident.
 *
 * Sign-up / sign-in / sign-out / delete-account run one at a time; session checks are
 * single-flight (see `session-core.ts`).
 *
 * @example
 * ```ts
 * const auth = createAuthManager({ baseUrl, secureStore: keychainStore });
 * await auth.ready;
 * const api = createApiClient({ baseUrl, auth: auth.authHook });
 * await auth.signIn({ email, password });
 * auth.on('auth:expired', () => showSignIn());
 * ```
 */
import { createApiClient } from '../api/api-client.js';
import type { AuthHook } from '../api/auth-hook.js';
import { AbortError, AuthError, isAuthError, PendingChangesError } from '../errors/index.js';
import { systemClock, systemTimers } from '../platform/clock.js';
import { anySignal } from '../platform/compat/any-signal.js';
import type { Logger } from '../platform/logging/logger.js';
import { noopLogger } from '../platform/logging/logger.js';
import { redactingLogger } from '../platform/logging/redacting-logger.js';
import { abortable, guardStorage } from './async-guards.js';
import type {
  AccountDeleter,
  AuthEvents,
  AuthManagerOptions,
  IdTokenSignInParams,
  SignalOption,
  SignInParams,
  SignOutParams,
  SignUpParams,
} from './auth-options.js';
import { AuthStateStore } from './auth-state-store.js';
import type { FetchLike } from './auth-transport.js';
import { AuthTransport } from './auth-transport.js';
import { CredentialVault } from './credential-vault.js';
import { tokenVariants } from './secrets.js';
import { memorySecureStore } from './secure-store.js';
import { SessionCore } from './session-core.js';
import { DEFAULT_KEEP_ALIVE_POLICY, SessionKeeper } from './session-keeper.js';
import type { AuthSnapshot } from './session-state.js';
import { validateIdTokenSignIn, validateSignIn, validateSignUp } from './validation.js';

const DEFAULT_TIMEOUT_MS = 30_000;

const defaultFetch: FetchLike = (input, init) => globalThis.fetch(input, init);

/** Creates an {@link AuthManager}; it starts restoring the saved session at once (`ready`). */
export function createAuthManager(options: AuthManagerOptions): AuthManager {
  return new AuthManager(options);
}

/** See the module comment. Create with {@link createAuthManager}. */
export class AuthManager {
  /** Resolves once the saved session (if any) is restored; rejects with `StorageError`. */
  readonly ready: Promise<void>;
  /** Plug into `createApiClient({ auth })`: bearer header at send time, single-flight 401s. */
  readonly authHook: AuthHook;

  readonly #options: AuthManagerOptions;
  readonly #log: Logger;
  readonly #store: AuthStateStore;
  readonly #core: SessionCore;
  readonly #restored: Promise<void>;
  readonly #lifetime = new AbortController();
  #operations: Promise<unknown> = Promise.resolve();
  /** The API client `deleteAccount()` uses when none was given (built on first use). */
  #accountApi: AccountDeleter | undefined;
  #closed = false;

  constructor(options: AuthManagerOptions) {
    this.#options = options;
    const clock = options.clock ?? systemClock;
    this.#log = redactingLogger(options.logger ?? noopLogger, {
      secrets: () => tokenVariants(this.#core.token),
    });
    this.#store = new AuthStateStore(this.#log);
    const policy =
      options.keepAlive === false ? null : { ...DEFAULT_KEEP_ALIVE_POLICY, ...options.keepAlive };
    this.#core = new SessionCore({
      store: this.#store,
      transport: new AuthTransport({
        baseUrl: options.baseUrl,
        fetch: options.fetch ?? defaultFetch,
        clock,
        timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        lifetime: this.#lifetime.signal,
        ...(options.origin === undefined ? {} : { origin: options.origin }),
        ...(options.isOnline === undefined ? {} : { isOnline: options.isOnline }),
      }),
      vault: new CredentialVault(
        options.secureStore ?? memorySecureStore(),
        options.secureStoreKey,
      ),
      clock,
      log: this.#log,
      policy,
      keeper:
        policy === null
          ? null
          : new SessionKeeper({
              clock,
              timers: options.timers ?? systemTimers,
              policy,
              onDue: () => {
                void this.#core.keepAlive();
              },
            }),
    });
    let restoreError: unknown = null;
    this.#restored = this.#core.restore(options.verifyOnStart ?? true).catch((error: unknown) => {
      restoreError = error;
      this.#log.error('auth: could not restore the saved session', { error });
    });
    this.ready = this.#restored.then(() => {
      if (restoreError !== null) throw restoreError;
    });
    this.ready.catch(() => {});
    this.authHook = {
      getAuthorization: () => this.#authorization(),
      onUnauthorized: (context) => this.#onUnauthorized(context.repeated === true),
    };
  }

  /** The current session state (the same object until something changes). */
  getSnapshot(): AuthSnapshot {
    return this.#store.snapshot;
  }

  /**
   * The id of the user whose local data is active: the signed-in user, or the user whose
   * session expired (their namespace stays until they sign out). `null` when signed out.
   */
  get userId(): string | null {
    return this.#store.snapshot.user?.id ?? null;
  }

  /** Calls `listener` after every snapshot change; returns the unsubscribe function. */
  subscribe(listener: (snapshot: AuthSnapshot) => void): () => void {
    return this.#store.subscribe(listener);
  }

  /** Listens to `auth:changed` or `auth:expired`; returns the unsubscribe function. */
  on<E extends keyof AuthEvents>(event: E, listener: AuthEvents[E]): () => void {
    return this.#store.on(event, listener);
  }

  /** Creates an account and signs it in. Validates the input before sending anything. */
  async signUp(params: SignUpParams): Promise<AuthSnapshot> {
    const input = validateSignUp(params);
    return this.#exclusive('auth.signUp', async (transport) => {
      const signedIn = await transport.signUp(input, params.signal);
      await this.#core.establish('auth.signUp', signedIn, undefined, params.signal);
    });
  }

  /** Signs in with email and password. Validates the input before sending anything. */
  async signIn(params: SignInParams): Promise<AuthSnapshot> {
    const input = validateSignIn(params);
    return this.#exclusive('auth.signIn', async (transport) => {
      const signedIn = await transport.signIn(input, params.signal);
      await this.#core.establish('auth.signIn', signedIn, input.rememberMe, params.signal);
    });
  }

  /** Signs in with a provider id token (native Sign in with Apple). */
  async signInWithIdToken(params: IdTokenSignInParams): Promise<AuthSnapshot> {
    const input = validateIdTokenSignIn(params);
    return this.#exclusive('auth.signInWithIdToken', async (transport) => {
      const signedIn = await transport.signInWithIdToken(input, params.signal);
      await this.#core.establish('auth.signInWithIdToken', signedIn, undefined, params.signal);
    });
  }

  /**
   * Settles once the saved session restored at start has been checked with the server (at
   * once when there was none, or when the check is off). Never rejects: when the check could
   * not reach the server, the session is used as it is.
   */
  async sessionChecked(): Promise<void> {
    await this.#restored.catch(() => undefined);
    await this.#core.restoreChecked();
  }

  /**
   * Takes in the session another client over the same secure store saved: its sign-in, its
   * sign-out (forgotten here too; the other client revoked and wiped) or its expiry. Runs after
   * this manager's own operations in progress. Never touches the server.
   */
  follow(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    const run = this.#operations.then(async () => {
      await this.#restored;
      if (!this.#closed) await this.#core.follow();
    });
    this.#operations = run.catch(() => undefined);
    return run;
  }

  /** Settles once the session state of the last change is saved in the secure store. */
  async saved(): Promise<void> {
    await null; // an expiry saves right after it told its listeners
    await this.#core.saved();
  }

  /**
   * Verifies the session with the server (one shared request however many callers) and returns
   * the resulting snapshot. Offline → `OfflineError`, state unchanged.
   */
  async getSession(options: SignalOption = {}): Promise<AuthSnapshot> {
    this.#assertOpen('auth.getSession');
    await this.#restored;
    if (this.#core.token === null) return this.getSnapshot();
    await abortable(this.#core.check('get-session'), options.signal, 'auth.getSession');
    return this.getSnapshot();
  }

  /**
   * Signs out: refuses with `PendingChangesError` while the user has unsynced changes (unless
   * `discardPendingChanges`), revokes the session on the server (best effort when offline),
   * wipes the user's local data through the `sessionData` seam, then deletes the token. A
   * storage failure throws `StorageError` and leaves the state as it was (call again).
   */
  async signOut(params: SignOutParams = {}): Promise<AuthSnapshot> {
    const operation = 'auth.signOut';
    return this.#exclusive(operation, async () => {
      const token = this.#core.token;
      const userId = this.userId;
      const data = this.#options.sessionData;
      if (userId !== null && data && params.discardPendingChanges !== true) {
        const count = await guardStorage(
          operation,
          'could not count unsynced changes; nothing was signed out',
          () => data.pendingCount(userId),
        );
        if (count > 0) throw new PendingChangesError(count);
      }
      this.#core.signingOut = true;
      try {
        if (token !== null) await this.#core.revoke(token, params.signal);
        if (userId !== null && data) {
          await guardStorage(
            operation,
            "could not wipe the user's local data; still signed in locally, call signOut() again",
            () => data.wipe(userId),
          );
        }
        await this.#core.discard(operation);
      } finally {
        this.#core.signingOut = false;
      }
      this.#store.dispatch({ type: 'signed-out' });
      this.#log.info('auth: signed out', { userId });
    });
  }

  /**
   * Deletes the account on the server (`DELETE /api/v1/user/account`), then wipes the user's
   * local data and the token. Once the server confirmed, the state is `signed-out` even if the
   * local cleanup fails (that failure is then thrown as `StorageError`).
   */
  async deleteAccount(options: SignalOption = {}): Promise<AuthSnapshot> {
    const operation = 'auth.deleteAccount';
    return this.#exclusive(operation, async () => {
      const token = this.#core.token;
      const userId = this.userId;
      if (token === null || userId === null || this.#store.snapshot.status !== 'signed-in') {
        throw new AuthError({
          operation,
          code: 'NOT_SIGNED_IN',
          message: `${operation} needs a signed-in user; sign in first`,
        });
      }
      await this.#deleteOnServer(options.signal);
      let cleanupError: unknown = null;
      this.#core.signingOut = true;
      try {
        const data = this.#options.sessionData;
        if (data) {
          await guardStorage(operation, "could not wipe the deleted user's local data", () =>
            data.wipe(userId),
          ).catch((error: unknown) => {
            cleanupError = error;
          });
        }
        await this.#core.discard(operation, true).catch((error: unknown) => {
          cleanupError ??= error;
        });
      } finally {
        this.#core.signingOut = false;
      }
      this.#store.dispatch({ type: 'signed-out' });
      this.#log.info('auth: account deleted', { userId });
      if (cleanupError !== null) throw cleanupError;
    });
  }

  /**
   * Stops the keep-alive timer, aborts auth requests in flight and drops every listener. Later
   * calls reject with `AbortError`. The saved session stays. Idempotent.
   */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#lifetime.abort(new Error('the AuthManager was closed'));
    this.#core.close();
    this.#store.clear();
  }

  async #deleteOnServer(signal: AbortSignal | undefined): Promise<void> {
    const option = this.#options.apiClient;
    const given = typeof option === 'function' ? option() : option;
    try {
      if (given) {
        await given.user.deleteAccount(signal ? { signal } : {});
        return;
      }
      this.#accountApi ??= createApiClient({
        ...(this.#options.apiClientOptions ?? {
          baseUrl: this.#options.baseUrl,
          fetch: this.#options.fetch ?? defaultFetch,
          logger: this.#log,
          now: () => (this.#options.clock ?? systemClock).now(),
          timeoutMs: this.#options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        }),
        auth: this.authHook,
      });
      const lifetime = this.#lifetime.signal;
      await this.#accountApi.user.deleteAccount({
        signal: signal ? anySignal([signal, lifetime]) : lifetime,
      });
    } catch (error) {
      // A 401 means the session died: let the state say so before reporting it.
      if (
        isAuthError(error) &&
        error.status === 401 &&
        this.#store.snapshot.status === 'signed-in'
      ) {
        await this.#core.check('delete-account').catch(() => undefined);
      }
      throw error;
    }
  }

  async #authorization(): Promise<string | null> {
    await this.#restored;
    const token = this.#core.token;
    if (token === null || this.#store.snapshot.status !== 'signed-in') return null;
    this.#core.keepAliveIfDue();
    return `Bearer ${token}`;
  }

  /**
   * A 401 from the API: one single-flight session check. A recent "alive" answer is reused for
   * a burst of 401s, but not for a request that got 401 again after its retry (`repeated`).
   */
  async #onUnauthorized(repeated: boolean): Promise<'retry' | 'fail'> {
    await this.#restored;
    if (this.#core.signingOut || this.#core.token === null) return 'fail';
    if (this.#store.snapshot.status !== 'signed-in') return 'fail';
    if (!repeated && this.#core.recentlyAlive()) return 'retry';
    const outcome = await this.#core.check('unauthorized');
    return outcome === 'dead' ? 'fail' : 'retry';
  }

  #assertOpen(operation: string): void {
    if (this.#closed) {
      throw new AbortError(operation, { cause: new Error('the AuthManager is closed') });
    }
  }

  /** Runs one state-changing operation at a time, after the restore; resolves the snapshot. */
  #exclusive(
    operation: string,
    run: (transport: AuthTransport) => Promise<void>,
  ): Promise<AuthSnapshot> {
    this.#assertOpen(operation);
    const result = this.#operations.then(async () => {
      await this.#restored;
      this.#assertOpen(operation);
      await run(this.#core.transport);
      return this.getSnapshot();
    });
    this.#operations = result.catch(() => undefined);
    return result;
  }
}
