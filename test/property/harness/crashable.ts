/**
 * A process crash, simulated at the platform seams: one "incarnation" of a device gets its own
 * wrappers around the device's storage, secure store and fetch. `crash()` cuts them all at
 * once — later storage and secure-store calls reject, requests not yet sent fail, and answers
 * of requests already sent are lost (the server may have applied them). The underlying storage
 * and secure store live on, so a new client opened over them is the app after a restart.
 */
import type { SecureStore } from '../../../src/auth/secure-store.js';
import type {
  JsonValue,
  StorageAdapter,
  StorageOp,
} from '../../../src/storage-adapters/storage-adapter.js';

/** The seams of one incarnation, and the switch that kills it. */
export interface Incarnation {
  readonly storage: StorageAdapter;
  readonly secureStore: SecureStore;
  readonly fetch: typeof globalThis.fetch;
  /** Whether `crash()` was called. */
  readonly crashed: boolean;
  /** Cuts every seam at once. Idempotent. */
  crash(): void;
}

class CrashedError extends Error {
  constructor() {
    super('the process crashed');
    this.name = 'CrashedError';
  }
}

/**
 * Wraps the device's durable seams for one run of the app; requests go to `fetch` (the global
 * one by default).
 */
export function incarnation(
  storage: StorageAdapter,
  secureStore: SecureStore,
  fetch: typeof globalThis.fetch = (input, init) => globalThis.fetch(input, init),
): Incarnation {
  let crashed = false;
  const alive = (): void => {
    if (crashed) throw new CrashedError();
  };
  // Each call checks before it starts; a call that started completes (the adapter's own
  // atomicity decides what a crash in the middle leaves behind).
  const wrappedStorage: StorageAdapter = {
    async get(key: string): Promise<JsonValue | undefined> {
      alive();
      return storage.get(key);
    },
    async getMany(keys: readonly string[]) {
      alive();
      return storage.getMany(keys);
    },
    async scan(prefix: string) {
      alive();
      return storage.scan(prefix);
    },
    async batch(ops: readonly StorageOp[]) {
      alive();
      return storage.batch(ops);
    },
    ...(storage.deletePrefix
      ? {
          deletePrefix: async (prefix: string) => {
            alive();
            return storage.deletePrefix?.(prefix);
          },
        }
      : {}),
    // The adapter outlives the process: the next incarnation reopens it.
    async close() {},
  };
  const wrappedSecureStore: SecureStore = {
    async get(key) {
      alive();
      return secureStore.get(key);
    },
    async set(key, value) {
      alive();
      return secureStore.set(key, value);
    },
    async delete(key) {
      alive();
      return secureStore.delete(key);
    },
  };
  const wrappedFetch: typeof globalThis.fetch = async (input, init) => {
    if (crashed) throw new TypeError('fetch failed (the process crashed)');
    const response = await fetch(input, init);
    if (crashed) throw new TypeError('fetch failed (the process crashed)');
    return response;
  };
  return {
    storage: wrappedStorage,
    secureStore: wrappedSecureStore,
    fetch: wrappedFetch,
    get crashed() {
      return crashed;
    },
    crash() {
      crashed = true;
    },
  };
}
