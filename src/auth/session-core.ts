/**
 * The session engine behind the AuthManager: the token and its generation, restore, the
 * single-flight `get-session` check, expiry, keep-alive and establishing a new session.
 *
 * Rules:
 * - `generation` changes whenever the session identity changes (sign-in, sign-out, restore);
 *   a check only commits when its generation is still current, so a late answer about an old
 *   session never touches the new one;
 * - every SecureStore write runs on one chain and re-checks the generation, so a late answer
 *   can never resurrect a token after sign-out;
 * - expiry never deletes anything: the token entry is kept (marked expired) and the user's
 *   namespace stays, so the same user signing back in continues where they were.
 */
import { AuthError, isAbortError, isAuthError, isSdkError } from '../errors/index.js';
import type { Clock } from '../platform/clock.js';
import type { Logger } from '../platform/logging/logger.js';
import type { AuthUser } from '../schemas/auth.js';
import type { AuthStateStore } from './auth-state-store.js';
import type { AuthTransport, LiveSession, SignedIn } from './auth-transport.js';
import type { CredentialVault, StoredSession } from './credential-vault.js';
import { sanitizeCause, tokenVariants } from './secrets.js';
import type { CheckOutcome, CheckReason } from './session-check.js';
import type { KeepAliveInput, KeepAlivePolicy, SessionKeeper } from './session-keeper.js';
import { isKeepAliveDue, restoreCheckDue } from './session-keeper.js';
import { type SessionInfo, toSessionInfo } from './session-state.js';
import { SingleFlight } from './single-flight.js';

const DAY_MS = 24 * 60 * 60 * 1000;
/** A 401 this soon after a check found the session alive is retried without a new check. */
const ALIVE_REUSE_MS = 2000;

/** Collaborators of {@link SessionCore}. */
export interface SessionCoreDeps {
  readonly store: AuthStateStore;
  readonly transport: AuthTransport;
  readonly vault: CredentialVault;
  readonly clock: Clock;
  readonly log: Logger;
  /** `null` when timer-driven keep-alive is off. */
  readonly keeper: SessionKeeper | null;
  readonly policy: KeepAlivePolicy | null;
}

/** See the module comment. */
export class SessionCore {
  readonly #deps: SessionCoreDeps;
  readonly #checks = new SingleFlight<number, CheckOutcome>();
  #token: string | null = null;
  #generation = 0;
  #unverified = false;
  #lastSuccessAt: number | null = null;
  #lastAttemptAt: number | null = null;
  #lastAlive: { generation: number; at: number } | null = null;
  #vaultChain: Promise<unknown> = Promise.resolve();
  #closed = false;
  /** The check of a restored session, until it settles (sync waits for it). */
  #restoreCheck: Promise<void> = Promise.resolve();
  /** While true, a dead session is not reported as expired (sign-out revoked it on purpose). */
  signingOut = false;

  constructor(deps: SessionCoreDeps) {
    this.#deps = deps;
  }

  /** The bearer token exactly as stored, or `null`. */
  get token(): string | null {
    return this.#token;
  }

  /** The wire client (for sign-in calls made by the manager). */
  get transport(): AuthTransport {
    return this.#deps.transport;
  }

  /** True when a check found this session alive a moment ago. */
  recentlyAlive(): boolean {
    const alive = this.#lastAlive;
    return (
      alive !== null &&
      alive.generation === this.#generation &&
      this.#deps.clock.now() - alive.at < ALIVE_REUSE_MS
    );
  }

  /**
   * Reads the saved session; verifies it in the background when `verify` says so (`true`, or
   * the last confirmation is older than `olderThanMs`).
   */
  async restore(verify: boolean | { readonly olderThanMs: number }): Promise<void> {
    const { vault, clock, log } = this.#deps;
    const read = await vault.read('auth.restore');
    if (read.kind === 'corrupt') {
      log.warn('auth: ignoring an unreadable saved session', { reason: read.reason });
    }
    if (read.kind !== 'found') return;
    const expired = this.#adopt(read.stored);
    log.info('auth: restored the saved session', { userId: read.stored.user.id, expired });
    if (expired || !restoreCheckDue(verify, read.stored, clock.now())) return;
    this.#restoreCheck = this.check('restore').then(
      () => undefined,
      (error: unknown) => {
        log.info('auth: could not verify the restored session yet', { error });
      },
    );
  }

  /** Takes in another client's sign-in, sign-out (nothing deleted here) or expiry, as saved. */
  follow(): Promise<void> {
    return this.#vaultTask(async () => {
      const { vault, store } = this.#deps;
      const read = await vault.read('auth.follow');
      const stored = read.kind === 'found' ? read.stored : null;
      if (stored && (stored.token !== this.#token || stored.expired)) this.#adopt(stored);
      else if (!stored && (this.#token !== null || store.snapshot.user !== null)) {
        this.#forget();
        store.dispatch({ type: 'signed-out' });
      }
    });
  }

  /** Makes a saved session the current one; returns whether it has expired. */
  #adopt(stored: StoredSession): boolean {
    if (stored.token !== this.#token) this.#forget();
    this.#token = stored.token;
    this.#unverified = stored.unverified;
    const { user, session } = stored;
    const expired = stored.expired || Date.parse(session.expiresAt) <= this.#deps.clock.now();
    const status = expired ? 'expired' : 'signed-in';
    this.#deps.store.dispatch({ type: 'restored', status, user, session });
    if (expired) this.#deps.keeper?.stop();
    else this.scheduleKeepAlive();
    return expired;
  }

  /** Settles once the check of a restored session has an answer (or could not get one). */
  restoreChecked(): Promise<void> {
    return this.#restoreCheck;
  }

  /** One shared get-session per session generation; commits only if still current. */
  check(reason: CheckReason): Promise<CheckOutcome> {
    const generation = this.#generation;
    const token = this.#token;
    if (token === null) return Promise.resolve('dead');
    return this.#checks.run(generation, async () => {
      this.#lastAttemptAt = this.#deps.clock.now();
      let live: LiveSession | null;
      try {
        live = await this.#deps.transport.getSession(token);
      } catch (error) {
        this.#deps.log.warn('auth: session check failed', { reason, error });
        this.scheduleKeepAlive();
        throw error;
      }
      if (generation !== this.#generation) return 'stale';
      if (live === null) {
        if (!this.signingOut) await this.expire(reason);
        return 'dead';
      }
      return this.#commitAlive(reason, generation, token, live);
    });
  }

  async #commitAlive(
    reason: CheckReason,
    generation: number,
    token: string,
    live: LiveSession,
  ): Promise<CheckOutcome> {
    const { vault, store, clock, log } = this.#deps;
    const adopted = live.setAuthToken ?? token;
    const session = toSessionInfo(live.session);
    const committed = await this.#vaultTask(async () => {
      if (generation !== this.#generation) return false;
      await vault
        .write('auth.getSession', {
          token: adopted,
          user: live.user,
          session,
          expired: false,
          unverified: false,
          checkedAt: clock.now(),
        })
        .catch((error: unknown) => {
          // The session is alive either way; the next successful write catches up.
          log.warn('auth: could not save the refreshed session', { error });
        });
      if (generation !== this.#generation) return false;
      this.#token = adopted;
      return true;
    });
    if (!committed) return 'stale';
    const now = clock.now();
    this.#unverified = false;
    this.#lastSuccessAt = now;
    this.#lastAlive = { generation, at: now };
    store.dispatch({
      type: store.snapshot.status === 'signed-in' ? 'session-refreshed' : 'signed-in',
      user: live.user,
      session,
    });
    if (adopted !== token) log.info('auth: adopted the slid session token', { reason });
    this.scheduleKeepAlive();
    return 'alive';
  }

  /** Marks the session expired (state, event, saved entry); deletes nothing. */
  async expire(reason: CheckReason): Promise<void> {
    const { store, vault, log } = this.#deps;
    const { snapshot, session } = store.state;
    if (snapshot.status !== 'signed-in' || snapshot.user === null || session === null) return;
    const generation = this.#generation;
    const token = this.#token;
    const user = snapshot.user;
    const unverified = this.#unverified;
    store.dispatch({ type: 'expired' });
    this.#deps.keeper?.stop();
    log.warn('auth: the session has expired', { reason, userId: user.id });
    await this.#vaultTask(async () => {
      if (generation !== this.#generation || token === null) return;
      await vault.write('auth.expire', { token, user, session, expired: true, unverified });
    }).catch((error: unknown) => {
      log.warn('auth: could not save the expired state', { error });
    });
  }

  #keepAliveInput(): KeepAliveInput | null {
    const { snapshot, session } = this.#deps.store.state;
    if (snapshot.status !== 'signed-in' || session === null || this.#token === null) return null;
    return {
      updatedAt: Date.parse(session.updatedAt),
      expiresAt: Date.parse(session.expiresAt),
      lastSuccessAt: this.#lastSuccessAt,
      lastAttemptAt: this.#lastAttemptAt,
      unverified: this.#unverified,
    };
  }

  /** (Re)arms or stops the keep-alive timer for the current state. */
  scheduleKeepAlive(): void {
    const { keeper } = this.#deps;
    if (keeper === null || this.#closed) return;
    const input = this.#keepAliveInput();
    if (input === null) keeper.stop();
    else keeper.schedule(input);
  }

  /** Starts a background keep-alive check when one is due (e.g. timers were suspended). */
  keepAliveIfDue(): void {
    const { policy, clock } = this.#deps;
    const input = this.#keepAliveInput();
    if (policy === null || input === null || this.#checks.isRunning(this.#generation)) return;
    if (isKeepAliveDue(clock.now(), input, policy)) void this.keepAlive();
  }

  /** The keep-alive check. Offline, the cached session is trusted until it expires. */
  async keepAlive(): Promise<void> {
    if (this.#closed || this.#deps.store.snapshot.status !== 'signed-in') return;
    try {
      await this.check('keep-alive');
    } catch {
      const expiresAt = this.#deps.store.state.session?.expiresAt;
      if (expiresAt !== undefined && Date.parse(expiresAt) <= this.#deps.clock.now()) {
        await this.expire('keep-alive');
      }
    }
  }

  /**
   * Makes a freshly signed-in session the current one: reads it once (for its real expiry; an
   * estimate is used and verified soon when that read fails), saves it, then switches state.
   * A save failure throws `StorageError` and keeps the previous session.
   */
  async establish(
    operation: string,
    signedIn: SignedIn,
    rememberMe: boolean | undefined,
    signal: AbortSignal | undefined,
  ): Promise<void> {
    const { transport, vault, store, clock, log } = this.#deps;
    if (signedIn.token === null) {
      log.info(`${operation}: account created without a session`, { userId: signedIn.user.id });
      return;
    }
    let token = signedIn.token;
    let user: AuthUser = signedIn.user;
    let session: SessionInfo;
    let unverified = false;
    try {
      const live = await transport.getSession(token, signal);
      if (live === null) {
        throw new AuthError({
          operation,
          code: 'SESSION_NOT_FOUND',
          message: `${operation}: the server did not recognise the session it just created; try again`,
        });
      }
      token = live.setAuthToken ?? token;
      user = live.user;
      session = toSessionInfo(live.session);
    } catch (error) {
      if (isAuthError(error) || isAbortError(error) || !isSdkError(error)) {
        void this.revoke(token);
        throw error;
      }
      log.warn(`${operation}: signed in, but could not read the session yet`, { error });
      const now = clock.now();
      const lifetime = rememberMe === false ? DAY_MS : 30 * DAY_MS;
      session = {
        id: '',
        userId: user.id,
        expiresAt: new Date(now + lifetime).toISOString(),
        createdAt: new Date(now).toISOString(),
        updatedAt: new Date(now).toISOString(),
      };
      unverified = true;
    }
    const previousToken = this.#token;
    const established = token;
    try {
      await this.#vaultTask(async () => {
        await vault.write(operation, {
          token: established,
          user,
          session,
          expired: false,
          unverified,
          checkedAt: unverified ? undefined : clock.now(),
        });
        this.#forget();
        this.#token = established;
        this.#unverified = unverified;
        this.#lastAttemptAt = clock.now();
        this.#lastSuccessAt = unverified ? null : this.#lastAttemptAt;
      });
    } catch (error) {
      void this.revoke(established);
      throw error;
    }
    store.dispatch({ type: 'signed-in', user, session });
    this.scheduleKeepAlive();
    log.info(`${operation}: signed in`, { userId: user.id, unverified });
    if (previousToken !== null && previousToken !== established) void this.revoke(previousToken);
  }

  /** Best-effort server sign-out. Never throws, except when the caller aborted. */
  async revoke(token: string, signal?: AbortSignal): Promise<void> {
    try {
      await this.#deps.transport.signOut(token, signal);
    } catch (error) {
      if (signal?.aborted) throw error;
      this.#deps.log.warn('auth: could not revoke the session on the server', {
        error: sanitizeCause(error, tokenVariants(token)),
      });
    }
  }

  /**
   * Deletes the saved entry and forgets the session in memory, as one vault task. With
   * `forgetFirst`, memory is cleared even when the delete then fails.
   */
  async discard(operation: string, forgetFirst = false): Promise<void> {
    await this.#vaultTask(async () => {
      if (forgetFirst) this.#forget();
      await this.#deps.vault.clear(operation);
      this.#forget();
    });
  }

  /** Settles once every secure-store write started so far has settled. */
  saved = (): Promise<unknown> => this.#vaultChain;

  /** Stops timers; later keep-alive runs do nothing. */
  close(): void {
    this.#closed = true;
    this.#deps.keeper?.stop();
  }

  #forget(): void {
    this.#token = null;
    this.#generation += 1;
    this.#unverified = false;
    this.#lastAttemptAt = null;
    this.#lastSuccessAt = null;
    this.#lastAlive = null;
    this.#deps.keeper?.stop();
  }

  /** Runs SecureStore work (and the in-memory switch that goes with it) one task at a time. */
  #vaultTask<T>(run: () => Promise<T>): Promise<T> {
    const result = this.#vaultChain.then(run);
    this.#vaultChain = result.catch(() => undefined);
    return result;
  }
}
