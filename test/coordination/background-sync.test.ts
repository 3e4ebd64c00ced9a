/**
 * Issue 10: `client.sync.start()` with coordination runs background sync on the pusher only.
 * A client that is not the pusher sends nothing in the background (not even a pull); it takes
 * background sync over when it becomes the pusher.
 */
import { describe, expect, it, vi } from 'vitest';
import { memorySecureStore } from '../../src/auth/secure-store.js';
import { memoryStorage } from '../../src/storage-adapters/memory-storage.js';
import { credentials, newBackend, openTestDevice } from '../support/hardening-client.js';

const waitFor = <T>(check: () => T) => vi.waitFor(check, { timeout: 8000, interval: 5 });

describe('client.sync.start() with coordination', () => {
  it('syncs in the background on the pusher only, and on the next pusher after it', async () => {
    const backend = newBackend();
    const storage = memoryStorage();
    const secureStore = memorySecureStore();
    const open = (clientId: string) =>
      openTestDevice(backend, {
        storage,
        secureStore,
        coordination: {
          clientId,
          channel: () => ({ post() {}, subscribe: () => () => {}, close() {} }),
          renewMs: 20,
        },
      });
    const a = open('a');
    await a.client.ready;
    await a.client.auth.signUp(credentials('Eve'));
    const b = open('b');
    await b.client.ready;
    await waitFor(() => expect(() => b.client.heroes.list()).not.toThrow());

    const pulls = (device: typeof a) => device.count(/^GET \/api\/v1\/(heroes|stories)/);
    const before = pulls(b);
    b.client.sync.start(); // b is not the pusher
    a.client.sync.start();
    await waitFor(() => expect(pulls(a)).toBeGreaterThan(0));
    await a.client.sync.whenIdle();
    await b.client.sync.whenIdle();
    expect(pulls(b)).toBe(before);

    // The pusher goes: b takes over, and its background sync with it.
    await a.client.close();
    await b.client.heroes.create({ name: 'Late', age: 5, traits: ['kind'] });
    await waitFor(() =>
      expect([...backend.db.heroes.values()].map((hero) => hero.name)).toEqual(['Late']),
    );
    expect(pulls(b)).toBeGreaterThan(before);
  });
});
