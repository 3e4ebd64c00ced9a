/**
 * `SecureStore`s over the platform keychains of React Native: expo-secure-store and
 * react-native-keychain. Both keep values in the iOS Keychain / Android Keystore-backed storage.
 */
import type { SecureStore } from '../auth/secure-store.js';

/** The functions of `expo-secure-store` the SDK uses (`import * as SecureStore from 'expo-secure-store'`). */
export interface ExpoSecureStoreLike {
  getItemAsync(key: string, options?: Record<string, unknown>): Promise<string | null>;
  setItemAsync(key: string, value: string, options?: Record<string, unknown>): Promise<void>;
  deleteItemAsync(key: string, options?: Record<string, unknown>): Promise<void>;
}

/** Options of {@link expoSecureStore}. */
export interface ExpoSecureStoreOptions {
  /** Prefix of every key (keychain items are per app). @default 'infinitestories' */
  readonly prefix?: string | undefined;
  /** Passed to every call (e.g. `{ keychainAccessible: SecureStore.AFTER_FIRST_UNLOCK }`). */
  readonly options?: Record<string, unknown> | undefined;
}

/**
 * expo-secure-store keys allow only letters, digits, `.`, `-` and `_`: every other character
 * is written as `_` + its code in hex + `_`, and `_` itself as `__`, so distinct keys stay
 * distinct.
 */
function safeKey(key: string): string {
  let out = '';
  for (const char of key) {
    if (char === '_') out += '__';
    else if (/^[A-Za-z0-9.-]$/.test(char)) out += char;
    else out += `_${(char.codePointAt(0) ?? 0).toString(16)}_`;
  }
  return out;
}

/**
 * A {@link SecureStore} over expo-secure-store.
 *
 * @example
 * ```ts
 * import * as SecureStore from 'expo-secure-store';
 * const client = createClient({ baseUrl, secureStore: expoSecureStore(SecureStore) });
 * ```
 */
export function expoSecureStore(
  module: ExpoSecureStoreLike,
  options: ExpoSecureStoreOptions = {},
): SecureStore {
  const prefix = `${safeKey(options.prefix ?? 'infinitestories')}.`;
  const extra = options.options ?? {};
  return {
    get: (key) => module.getItemAsync(prefix + safeKey(key), extra),
    set: async (key, value) => {
      if (typeof value !== 'string') throw new TypeError('SecureStore values must be strings');
      await module.setItemAsync(prefix + safeKey(key), value, extra);
    },
    delete: (key) => module.deleteItemAsync(prefix + safeKey(key), extra),
  };
}

/** The functions of `react-native-keychain` the SDK uses (`import * as Keychain from 'react-native-keychain'`). */
export interface KeychainLike {
  getGenericPassword(options?: {
    service?: string;
  }): Promise<false | { readonly username: string; readonly password: string }>;
  setGenericPassword(
    username: string,
    password: string,
    options?: { service?: string },
  ): Promise<unknown>;
  resetGenericPassword(options?: { service?: string }): Promise<unknown>;
}

/** Options of {@link keychainSecureStore}. */
export interface KeychainSecureStoreOptions {
  /** Prefix of the keychain service of every key. @default 'infinitestories' */
  readonly service?: string | undefined;
}

/**
 * A {@link SecureStore} over react-native-keychain: one generic-password item per key, under
 * the service `<service>.<key>`.
 *
 * @example
 * ```ts
 * import * as Keychain from 'react-native-keychain';
 * const client = createClient({ baseUrl, secureStore: keychainSecureStore(Keychain) });
 * ```
 */
export function keychainSecureStore(
  keychain: KeychainLike,
  options: KeychainSecureStoreOptions = {},
): SecureStore {
  const service = (key: string) => ({ service: `${options.service ?? 'infinitestories'}.${key}` });
  return {
    async get(key) {
      const item = await keychain.getGenericPassword(service(key));
      return item === false ? null : item.password;
    },
    async set(key, value) {
      if (typeof value !== 'string') throw new TypeError('SecureStore values must be strings');
      const stored = await keychain.setGenericPassword(key, value, service(key));
      if (stored === false) throw new Error(`the keychain refused to store "${key}"`);
    },
    async delete(key) {
      await keychain.resetGenericPassword(service(key));
    },
  };
}
