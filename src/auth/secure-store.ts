/**
 * The secure-storage seam: where the session token lives, and nowhere else. Hosts implement it
 * over the platform's Keychain / Keystore / encrypted preferences; the SDK ships an in-memory
 * default (nothing survives a restart) for tests and short-lived CLIs.
 */

/**
 * A tiny async string key-value store for secrets. Implementations must:
 * - return `null` from `get` for a key that was never set or was deleted;
 * - store values byte-for-byte (no trimming, decoding or re-encoding);
 * - make `set` replace any previous value, and `delete` of a missing key a no-op;
 * - reject (throw) when the underlying store fails, rather than silently dropping the write.
 *
 * Check an implementation with `runSecureStoreContract` from `@infinitestories/sdk/testing`.
 */
export interface SecureStore {
  /** The stored value, or `null` when there is none. */
  get(key: string): Promise<string | null>;
  /** Stores `value` under `key`, replacing any previous value. */
  set(key: string, value: string): Promise<void>;
  /** Removes `key`; resolves even when it was not there. */
  delete(key: string): Promise<void>;
}

/**
 * An in-memory {@link SecureStore}. Each call returns an independent store; values are lost
 * when the process ends. The default when no `secureStore` is injected.
 *
 * @example
 * ```ts
 * const secureStore = memorySecureStore();
 * const auth = createAuthManager({ baseUrl, secureStore });
 * ```
 */
export function memorySecureStore(initial?: Iterable<readonly [string, string]>): SecureStore {
  const values = new Map<string, string>(initial);
  return {
    async get(key) {
      return values.get(key) ?? null;
    },
    async set(key, value) {
      if (typeof value !== 'string') throw new TypeError('SecureStore values must be strings');
      values.set(key, value);
    },
    async delete(key) {
      values.delete(key);
    },
  };
}
