/**
 * A {@link SecureStore} for browsers: values in IndexedDB, each encrypted with AES-GCM under a
 * key that WebCrypto generated as non-extractable and that IndexedDB keeps as a `CryptoKey`
 * object (its bytes are never readable by JavaScript, this page's included).
 *
 * ```
 * IndexedDB "<dbName>" / "secrets"
 *   key:aes-gcm        CryptoKey (AES-GCM 256, extractable: false), created on first use
 *   value:<name>       { iv: Uint8Array(12), data: ArrayBuffer }   (a fresh iv per write)
 * ```
 *
 * What it protects against, and what it does not, is in the README ("Browser sessions").
 */
import { createStore, del, get, set, type UseStore, update } from 'idb-keyval';
import type { SecureStore } from '../auth/secure-store.js';
import { StorageError } from '../errors/index.js';

/** Options of {@link indexedDBSecureStore}. */
export interface IndexedDBSecureStoreOptions {
  /**
   * The IndexedDB database that holds the key and the encrypted values (apart from the data
   * of `indexedDBStorage`, so that deleting one never deletes the other).
   * @default 'infinitestories-secure'
   */
  readonly dbName?: string | undefined;
  /** WebCrypto. @default globalThis.crypto */
  readonly crypto?: Pick<Crypto, 'subtle' | 'getRandomValues'> | undefined;
}

interface Sealed {
  readonly iv: Uint8Array<ArrayBuffer>;
  readonly data: ArrayBuffer;
}

const KEY = 'key:aes-gcm';
const VALUE_PREFIX = 'value:';

function isSealed(value: unknown): value is Sealed {
  if (typeof value !== 'object' || value === null) return false;
  const { iv, data } = value as Partial<Sealed>;
  return iv instanceof Uint8Array && data instanceof ArrayBuffer;
}

/**
 * A browser {@link SecureStore} over IndexedDB and WebCrypto. `indexedDBStorage()` offers it as
 * its default secure store, so a web app that passes `storage: indexedDBStorage()` keeps its
 * session across reloads without further setup.
 *
 * A value that can no longer be decrypted (its key was deleted with part of the site's data,
 * or its bytes were damaged) makes `get` reject with a `StorageError`: it is not read as
 * missing, which would sign out a client (and every tab following it) that is signed in. The
 * next `set` (the user signing in again) replaces it.
 *
 * @example
 * ```ts
 * const client = createClient({ baseUrl, storage: indexedDBStorage(), secureStore: indexedDBSecureStore() });
 * ```
 */
export function indexedDBSecureStore(options: IndexedDBSecureStoreOptions = {}): SecureStore {
  const webCrypto = options.crypto ?? globalThis.crypto;
  let store: UseStore | undefined;
  let key: Promise<CryptoKey> | undefined;
  const dbName = options.dbName ?? 'infinitestories-secure';
  const db = (): UseStore => {
    if (typeof indexedDB === 'undefined') {
      throw new StorageError(
        'indexedDBSecureStore',
        `IndexedDB is not available on this platform (IndexedDB "${dbName}"); pass another secure store`,
      );
    }
    store ??= createStore(dbName, 'secrets');
    return store;
  };

  /** The stored key, or a new one stored atomically (two tabs starting at once agree on one). */
  const cryptoKey = (): Promise<CryptoKey> => {
    key ??= (async () => {
      const existing = await get<CryptoKey>(KEY, db());
      if (existing) return existing;
      const fresh = await webCrypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, [
        'encrypt',
        'decrypt',
      ]);
      await update<CryptoKey>(KEY, (current) => current ?? fresh, db());
      const stored = await get<CryptoKey>(KEY, db());
      if (!stored) throw new Error('indexedDBSecureStore: the encryption key was not stored');
      return stored;
    })();
    key.catch(() => {
      key = undefined;
    });
    return key;
  };

  return {
    async get(name) {
      const sealed = await get<unknown>(VALUE_PREFIX + name, db());
      if (!isSealed(sealed)) return null;
      try {
        const plain = await webCrypto.subtle.decrypt(
          { name: 'AES-GCM', iv: sealed.iv },
          await cryptoKey(),
          sealed.data,
        );
        return new TextDecoder().decode(plain);
      } catch (error) {
        throw new StorageError(
          'indexedDBSecureStore.get',
          `the saved "${name}" can no longer be decrypted (its key was deleted or the value damaged); save it again`,
          { cause: error },
        );
      }
    },
    async set(name, value) {
      if (typeof value !== 'string') throw new TypeError('SecureStore values must be strings');
      const iv = webCrypto.getRandomValues(new Uint8Array(12));
      const data = await webCrypto.subtle.encrypt(
        { name: 'AES-GCM', iv },
        await cryptoKey(),
        new TextEncoder().encode(value),
      );
      await set(VALUE_PREFIX + name, { iv, data } satisfies Sealed, db());
    },
    async delete(name) {
      await del(VALUE_PREFIX + name, db());
    },
  };
}
