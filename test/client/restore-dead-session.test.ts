/**
 * Issue 9, item 9: after a restart whose saved session died while the app was closed, sync
 * waits for the session check and never sends a request with the dead token.
 */
import { describe, expect, it } from 'vitest';
import { memorySecureStore } from '../../src/auth/secure-store.js';
import { isAuthError } from '../../src/errors/index.js';
import { credentials, newBackend, openTestDevice } from '../support/hardening-client.js';

describe('restore with a dead session', () => {
  it('the first sync after the restart waits for the check instead of sending the dead token', async () => {
    const backend = newBackend();
    const secureStore = memorySecureStore();
    const first = openTestDevice(backend, { secureStore });
    await first.client.ready;
    await first.client.auth.signUp(credentials());
    await first.client.heroes.create({ name: 'Luna', age: 6, traits: ['brave'] });
    await first.client.close();
    const token = first.sent.at(-1)?.authorization ?? '';
    expect(token).toMatch(/^Bearer /);
    backend.expireSession(token.slice('Bearer '.length));

    const second = openTestDevice(backend, { secureStore, storage: first.storage });
    await second.client.ready;
    const outcome = await second.client.sync.syncNow().catch((error: unknown) => error);
    expect(isAuthError(outcome)).toBe(true);
    const api = second.sent.filter((s) => s.path.startsWith('/api/v1/'));
    expect(api).toEqual([]); // not one request with the dead token
    expect(second.client.auth.getSnapshot().status).toBe('expired');
    expect(second.client.sync.getSnapshot().phase).toBe('paused');
  });
});
