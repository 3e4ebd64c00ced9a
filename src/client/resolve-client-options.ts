/**
 * Resolves {@link ClientOptions} once, at `createClient`: defaults applied, the logger wrapped
 * in redaction once, and the options grouped by the part that consumes them, so each part
 * receives its own sub-object instead of reading the app's options.
 */

import type { ApiClientOptions } from '../api/options.js';
import type { AuthManagerOptions } from '../auth/auth-options.js';
import { memorySecureStore } from '../auth/secure-store.js';
import type { ConflictOptions } from '../conflict/strategies.js';
import type { MonotonicClock, Timers } from '../platform/clock.js';
import { alwaysOnline, type ConnectivityMonitor } from '../platform/connectivity.js';
import { type Logger, noopLogger } from '../platform/logging/logger.js';
import { redactingLogger } from '../platform/logging/redacting-logger.js';
import { memoryStorage } from '../storage-adapters/memory-storage.js';
import type { StorageAdapter } from '../storage-adapters/storage-adapter.js';
import { checkBaseUrl, checkOrigin } from './check-urls.js';
import type { ClientOptions, ClientSyncOptions } from './client-options.js';
import { resolveSessionCheck } from './session-check-option.js';

/** {@link ClientOptions} with every default applied, grouped by consumer. */
export interface ResolvedClientOptions {
  readonly storage: StorageAdapter;
  readonly connectivity: ConnectivityMonitor;
  /** The app's logger behind redaction (wrapped once, shared by every part). */
  readonly logger: Logger;
  /** Device time in epoch ms. */
  readonly now: () => number;
  readonly timers: Timers | undefined;
  readonly monotonicClock: MonotonicClock | undefined;
  /** The AuthManager's options, without the seams only the client can provide. */
  readonly auth: Omit<AuthManagerOptions, 'sessionData' | 'apiClient'>;
  /** The API client's options, without the auth hook. */
  readonly http: Omit<ApiClientOptions, 'auth'>;
  readonly sync: ClientSyncOptions;
  readonly conflicts: ConflictOptions | undefined;
}

/** Applies the defaults of {@link ClientOptions}; `ConfigurationError` for options that cannot work. */
export function resolveClientOptions(options: ClientOptions): ResolvedClientOptions {
  const baseUrl = checkBaseUrl(options.baseUrl);
  const origin = options.origin === undefined ? undefined : checkOrigin(options.origin);
  const logger = redactingLogger(options.logger ?? noopLogger);
  const { clock, fetch, timers } = options;
  const now = clock ? () => clock.now() : Date.now;
  const storage = options.storage ?? memoryStorage();
  const connectivity = options.connectivity ?? alwaysOnline();
  return {
    storage,
    connectivity,
    logger,
    now,
    timers,
    monotonicClock: options.monotonicClock,
    auth: {
      baseUrl,
      isOnline: () => connectivity.isOnline(),
      ...(origin === undefined ? {} : { origin }),
      secureStore: options.secureStore ?? storage.defaultSecureStore?.() ?? memorySecureStore(),
      logger,
      ...(fetch ? { fetch } : {}),
      ...(clock ? { clock } : {}),
      ...(timers ? { timers } : {}),
      ...(options.keepAlive !== undefined ? { keepAlive: options.keepAlive } : {}),
      verifyOnStart: resolveSessionCheck(options.verifySessionOnOpen),
    },
    http: {
      baseUrl,
      logger,
      now,
      ...(fetch ? { fetch } : {}),
      ...(timers ? { timers } : {}),
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      ...(options.retry !== undefined ? { retry: options.retry } : {}),
      ...(options.generationTimeoutMs !== undefined
        ? { generationTimeoutMs: options.generationTimeoutMs }
        : {}),
      ...(options.sync?.idempotencyKeys !== undefined
        ? { idempotencyKeys: options.sync.idempotencyKeys }
        : {}),
    },
    sync: options.sync ?? {},
    conflicts: options.conflicts,
  };
}
