/**
 * Issue 9, item 4: a storage failure while a create's acknowledgement is saved releases the
 * in-flight mark; the next round saves it (no restart, no second request, no duplicate).
 */
import { describe, expect, it } from 'vitest';
import { isStorageError } from '../../src/errors/index.js';
import { credentials, newBackend, openTestDevice } from '../support/hardening-client.js';

describe('acknowledgement saved on failing storage', () => {
  it('a create whose acknowledgement could not be saved recovers at the next round without a duplicate', async () => {
    const backend = newBackend();
    const device = openTestDevice(backend);
    const { client } = device;
    await client.ready;
    await client.auth.signUp(credentials());
    const luna = await client.heroes.create({ name: 'Luna', age: 6, traits: ['brave'] });
    device.after(/^POST \/api\/v1\/heroes$/, () => device.storage.failNextBatch());

    const failed = await client.sync.syncNow().catch((error: unknown) => error);
    expect(isStorageError(failed)).toBe(true);
    expect(client.sync.pending().map((p) => p.status)).toEqual(['pending']);

    const heroes = client.heroes.observe();
    const seen: number[] = [];
    const stop = heroes.subscribe((list) => seen.push(list.length));
    await client.sync.syncNow();
    stop();
    expect(seen.every((n) => n === 1)).toBe(true); // never listed twice, not even mid-round
    expect(client.heroes.list().map((h) => h.id)).toEqual([luna.id]);
    expect(client.heroes.get(luna.id)).toMatchObject({ syncStatus: 'synced' });
    expect(device.count(/^POST \/api\/v1\/heroes$/)).toBe(1);
    expect(client.sync.pending()).toEqual([]);
    await expect(client.auth.signOut()).resolves.toMatchObject({ status: 'signed-out' });
  });
});
