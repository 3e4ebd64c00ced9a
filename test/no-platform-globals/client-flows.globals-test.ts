/**
 * The SDK with the platform globals React Native lacks removed (`AbortSignal.any`,
 * `AbortSignal.timeout`, `AbortSignal.prototype.throwIfAborted`, `crypto`): sign-up, sign-in,
 * create, syncNow, timeouts and aborts, end to end over loopback HTTP against the fake backend.
 */
import { describe, expect, inject, it } from 'vitest';
import { memorySecureStore } from '../../src/auth/secure-store.js';
import { createClient } from '../../src/client/create-client.js';
import { isAbortError, isTimeoutError } from '../../src/errors/index.js';
import { memoryStorage } from '../../src/storage-adapters/memory-storage.js';

const baseUrl = inject('fakeBackendUrl');

function credentials(tag: string) {
  return {
    email: `no-globals.${tag}.${process.pid}@example.test`,
    password: 'password-123',
    name: tag,
  };
}

describe('without AbortSignal.any/timeout, throwIfAborted and crypto', () => {
  it('the globals are really gone in this run', () => {
    expect((AbortSignal as { any?: unknown }).any).toBeUndefined();
    expect((AbortSignal as { timeout?: unknown }).timeout).toBeUndefined();
    expect(new AbortController().signal.throwIfAborted).toBeUndefined();
    expect(globalThis.crypto).toBeUndefined();
  });

  it('signs up, creates offline-first, syncs, and another device signs in and sees it', async () => {
    const user = credentials('flow');
    const phone = createClient({ baseUrl, sync: { autoStart: false } });
    await phone.ready;
    await phone.auth.signUp(user);
    const hero = await phone.heroes.create({ name: 'Luna', age: 7, traits: ['brave'] });
    expect(hero.id).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    const summary = await phone.sync.syncNow();
    expect(summary).toMatchObject({ pushed: 1, failed: 0 });
    expect(phone.heroes.get(hero.id)?.syncStatus).toBe('synced');

    const tablet = createClient({
      baseUrl,
      sync: { autoStart: false },
      storage: memoryStorage(),
      secureStore: memorySecureStore(),
    });
    await tablet.ready;
    await tablet.auth.signIn({ email: user.email, password: user.password });
    await tablet.sync.syncNow();
    expect(tablet.heroes.list().map((h) => h.name)).toEqual(['Luna']);
    await phone.close();
    await tablet.close();
  });

  it('a request timeout is a TimeoutError and an aborted syncNow an AbortError', async () => {
    const client = createClient({ baseUrl, sync: { autoStart: false }, timeoutMs: 1 });
    await client.ready;
    const timedOut = await client.api.health().catch((error: unknown) => error);
    expect(isTimeoutError(timedOut) || isAbortError(timedOut)).toBe(true);
    const slow = createClient({ baseUrl, sync: { autoStart: false } });
    await slow.ready;
    await slow.auth.signUp(credentials('abort'));
    const controller = new AbortController();
    controller.abort();
    const aborted = await slow.sync.syncNow({ signal: controller.signal }).catch((e: unknown) => e);
    expect(isAbortError(aborted)).toBe(true);
    await client.close();
    await slow.close();
  });
});
