/**
 * The contract every {@link SecureStore} implementation must pass, as a reusable suite (the
 * Replicache `runAll(name, newStore)` shape). Exported from `@infinitestories/sdk/testing` so
 * that hosts can run it against their Keychain / Keystore adapters under their own runner.
 */
import type { SecureStore } from './secure-store.js';

/** The few assertions the suite uses; vitest's and jest's `expect` both fit. */
export interface SecureStoreContractAssertion {
  toBe(expected: unknown): void;
  toEqual(expected: unknown): void;
  toBeNull(): void;
}

/**
 * The test functions the suite registers its cases with. Pass vitest's (or jest's) own:
 * `{ describe, it, expect, beforeEach, afterEach }`.
 */
export interface SecureStoreContractTestApi {
  describe(name: string, body: () => void): unknown;
  it(name: string, body: () => Promise<void> | void): unknown;
  expect(actual: unknown): SecureStoreContractAssertion;
  beforeEach?: ((body: () => Promise<void> | void) => unknown) | undefined;
  afterEach?: ((body: () => Promise<void> | void) => unknown) | undefined;
}

/** Values a real token store must keep byte-for-byte. */
const TRICKY_VALUES: readonly string[] = [
  // A better-auth `set-auth-token` value: URL-encoded, must not be decoded.
  'L6ou7Lfp6wb5D0LucJnD7GM4CFZgUF0W.TpN79WC4IY7lzYnCWaEj%2FCGAuoowGFCksyiAGGZmIFQ%3D',
  '  leading and trailing spaces  ',
  'line one\nline two\r\nline three\ttab',
  'unicode: ünïcødé — 日本語 — 🦄',
  '{"token":"abc","user":{"id":"u1","name":"Zoë"}}',
  'quotes " and \' and \\ backslash',
];

/**
 * Registers the SecureStore contract suite.
 *
 * @param name - Shown in the suite title, e.g. `'keychain'`.
 * @param factory - Returns a fresh, empty store for each test.
 * @param api - Your runner's `{ describe, it, expect, beforeEach?, afterEach? }`.
 *
 * @example
 * ```ts
 * import { describe, it, expect } from 'vitest';
 * import { runSecureStoreContract } from '@infinitestories/sdk/testing';
 * runSecureStoreContract('keychain', () => keychainSecureStore({ service: 'test' }), {
 *   describe, it, expect,
 * });
 * ```
 */
export function runSecureStoreContract(
  name: string,
  factory: () => SecureStore | Promise<SecureStore>,
  api: SecureStoreContractTestApi,
): void {
  const { describe, it, expect } = api;

  describe(`SecureStore contract: ${name}`, () => {
    it('returns null for a key that was never set', async () => {
      const store = await factory();
      expect(await store.get('never-set')).toBeNull();
    });

    it('returns what was set', async () => {
      const store = await factory();
      await store.set('k', 'value-1');
      expect(await store.get('k')).toBe('value-1');
    });

    it('replaces the previous value on set', async () => {
      const store = await factory();
      await store.set('k', 'first');
      await store.set('k', 'second');
      expect(await store.get('k')).toBe('second');
    });

    it('deletes a key, and deleting a missing key resolves', async () => {
      const store = await factory();
      await store.set('k', 'value');
      await store.delete('k');
      expect(await store.get('k')).toBeNull();
      await store.delete('k');
      await store.delete('never-set');
      expect(await store.get('never-set')).toBeNull();
    });

    it('keeps keys independent', async () => {
      const store = await factory();
      await store.set('a', 'value-a');
      await store.set('b', 'value-b');
      await store.delete('a');
      expect(await store.get('a')).toBeNull();
      expect(await store.get('b')).toBe('value-b');
    });

    it('accepts namespaced keys with punctuation', async () => {
      const store = await factory();
      const key = 'infinitestories:auth/session.v1@https://api.example.com';
      await store.set(key, 'value');
      expect(await store.get(key)).toBe('value');
      expect(await store.get('infinitestories:auth/session.v1')).toBeNull();
    });

    it('stores values byte-for-byte', async () => {
      const store = await factory();
      for (const [index, value] of TRICKY_VALUES.entries()) {
        await store.set(`tricky-${index}`, value);
      }
      for (const [index, value] of TRICKY_VALUES.entries()) {
        expect(await store.get(`tricky-${index}`)).toBe(value);
      }
    });

    it('stores a 4 KB value intact', async () => {
      const store = await factory();
      const value = Array.from({ length: 4096 }, (_, i) => String.fromCharCode(33 + (i % 90))).join(
        '',
      );
      await store.set('big', value);
      const read = await store.get('big');
      expect(typeof read).toBe('string');
      expect(read).toBe(value);
    });

    it('lands every one of many concurrent writes to different keys', async () => {
      const store = await factory();
      const keys = Array.from({ length: 20 }, (_, i) => `concurrent-${i}`);
      await Promise.all(keys.map((key) => store.set(key, `value-of-${key}`)));
      const values = await Promise.all(keys.map((key) => store.get(key)));
      expect(values).toEqual(keys.map((key) => `value-of-${key}`));
    });

    it('keeps the last of sequential writes to one key', async () => {
      const store = await factory();
      for (let i = 0; i < 10; i += 1) await store.set('seq', `v${i}`);
      expect(await store.get('seq')).toBe('v9');
    });
  });
}
