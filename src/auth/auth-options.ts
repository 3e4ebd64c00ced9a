/**
 * Options, inputs and events of the {@link AuthManager}.
 */

import type { ApiClientOptions } from '../api/options.js';
import type { Clock, Timers } from '../platform/clock.js';
import type { Logger } from '../platform/logging/logger.js';
import type { FetchLike } from './auth-transport.js';
import type { SecureStore } from './secure-store.js';
import type { KeepAlivePolicy } from './session-keeper.js';
import type { AuthSnapshot } from './session-state.js';

/**
 * The seam to the per-user local data (cache, outbox, media) that sign-out must check and wipe.
 * The local store implements it; until it exists, hosts may pass their own.
 */
export interface SessionDataSeam {
  /** How many local changes of `userId` are not synced yet. */
  pendingCount(userId: string): Promise<number>;
  /** Deletes everything stored locally for `userId` (cache, outbox, conflicts, media). */
  wipe(userId: string): Promise<void>;
}

/** The one API-client call the manager needs for `deleteAccount()` when a client is given. */
export interface AccountDeleter {
  user: {
    deleteAccount(options?: { signal?: AbortSignal }): Promise<unknown>;
  };
}

/** Options of `createAuthManager()`. */
export interface AuthManagerOptions {
  /** The backend origin, e.g. `https://api.infinitestories.app`. Required. */
  readonly baseUrl: string;
  /**
   * Where the session token (and the cached session) is kept. Implement it over the platform's
   * Keychain / Keystore in production.
   * @default memorySecureStore() — nothing survives a restart
   */
  readonly secureStore?: SecureStore;
  /** The SecureStore key of the session entry. @default 'infinitestories.auth.session' */
  readonly secureStoreKey?: string;
  /** The fetch to use. @default the global `fetch`, looked up at call time */
  readonly fetch?: FetchLike;
  /** Receives redacted log records. @default a logger that drops everything */
  readonly logger?: Logger;
  /** Wall clock. @default `Date.now` */
  readonly clock?: Clock;
  /** Timers for the keep-alive check. @default the global `setTimeout` / `clearTimeout` */
  readonly timers?: Timers;
  /**
   * When to read the session to keep it alive, or `false` to never check on a timer (checks
   * still happen on 401s and explicit `getSession()` calls).
   * @default { slideAgeMs: 24 h, safetyWindowMs: 5 min, minIntervalMs: 60 s }
   */
  readonly keepAlive?: Partial<KeepAlivePolicy> | false;
  /** Per-request timeout of auth calls, ms. @default 30000 */
  readonly timeoutMs?: number;
  /**
   * The `Origin` sent on auth POSTs, for hosts whose trusted origin differs from `baseUrl`'s
   * (a reverse proxy, a tunnel, a second hostname).
   * @default the origin of `baseUrl`
   */
  readonly origin?: string;
  /**
   * Whether the device is online: a call that gets no answer is an `OfflineError` when this
   * says offline, a `NetworkError` (the server is unreachable) otherwise.
   * @default always online
   */
  readonly isOnline?: () => boolean;
  /**
   * Whether a restored session is checked with `get-session` (in the background) right after
   * start: `true` always, `false` never (keep-alive, 401s and `getSession()` still check it),
   * `{ olderThanMs }` only when the server last confirmed it longer ago than that (or never, or
   * when it is an unconfirmed estimate).
   * @default true
   */
  readonly verifyOnStart?: boolean | { readonly olderThanMs: number };
  /** The per-user data sign-out checks and wipes. @default none (nothing to check or wipe) */
  readonly sessionData?: SessionDataSeam;
  /**
   * An API client whose `user.deleteAccount()` to use for `deleteAccount()`, or a function
   * returning it.
   * @default an API client the manager builds from `apiClientOptions` and its own `authHook`
   */
  readonly apiClient?: AccountDeleter | (() => AccountDeleter);
  /**
   * Options of the API client the manager builds for `deleteAccount()` when no `apiClient` is
   * given (the auth hook is the manager's own).
   * @default `{ baseUrl, fetch, logger, timeoutMs }` of these options
   */
  readonly apiClientOptions?: Omit<ApiClientOptions, 'auth'>;
}

/** Payload of `auth:changed`. */
export interface AuthChangedEvent {
  readonly snapshot: AuthSnapshot;
  readonly previous: AuthSnapshot;
}

/** Payload of `auth:expired`. */
export interface AuthExpiredEvent {
  /** The user whose session died; their local data is untouched. */
  readonly userId: string | null;
  readonly snapshot: AuthSnapshot;
}

/** The manager's typed events. */
export interface AuthEvents {
  /** The snapshot changed (sign-in, sign-out, expiry, slide, user update). */
  'auth:changed': (event: AuthChangedEvent) => void;
  /** The session died (the server no longer knows it, or it passed `expiresAt`). */
  'auth:expired': (event: AuthExpiredEvent) => void;
}

/** A call that talks to the network: accepts an AbortSignal. */
export interface SignalOption {
  readonly signal?: AbortSignal;
}

/** Input of `signUp()`. */
export interface SignUpParams extends SignalOption {
  readonly email: string;
  /** 8–128 characters. */
  readonly password: string;
  readonly name: string;
}

/** Input of `signIn()`. */
export interface SignInParams extends SignalOption {
  readonly email: string;
  readonly password: string;
  /**
   * `false` asks for a 1-day session instead of 30 days. Note: better-auth 1.4.18 keeps the
   * "don't remember" mark in a cookie that bearer clients never send, so the backend slides
   * such a session to 30 days on its first authenticated read; `getSnapshot().expiresAt`
   * always shows what the server reports.
   * @default true
   */
  readonly rememberMe?: boolean;
}

/** Input of `signInWithIdToken()` (native Sign in with Apple). */
export interface IdTokenSignInParams extends SignalOption {
  readonly provider: 'apple';
  /** The identity token from Apple. */
  readonly idToken: string;
  /** The nonce used when requesting the token, if any. */
  readonly nonce?: string;
}

/** Options of `signOut()`. */
export interface SignOutParams extends SignalOption {
  /** Sign out even though unsynced changes exist, dropping them. @default false */
  readonly discardPendingChanges?: boolean;
}
