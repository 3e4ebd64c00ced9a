/**
 * An outbox entry that disappears between being picked and being sent (the user discarded it,
 * another client's write coalesced it away) is skipped: the rest of the round goes on.
 */
import { describe, expect, it } from 'vitest';
import { hero, newUser, openDevice, serverHeroes, useSyncBackend } from './support.js';

const { backend: useBackend } = useSyncBackend();

describe('an entry gone before it is sent', () => {
  it('is skipped, and the round pushes the others', async () => {
    const backend = useBackend();
    const user = await newUser(backend);
    /**
     * Runs at the next listing of heroes changed since a time: the lost-create lookup (the pull
     * lists every hero, since the device has no cursor while no hero ever came from the server).
     */
    const listings: Array<() => void> = [];
    const device = await openDevice(backend, user, {
      pushConcurrency: 1,
      fetch: async (request) => {
        const response = await globalThis.fetch(request);
        const url = new URL(request.url);
        if (url.pathname === '/api/v1/heroes' && url.searchParams.has('updatedAfter')) {
          listings.shift()?.();
        }
        return response;
      },
    });
    await device.store.create('heroes', hero('Gone'));
    backend.faults.failNext(1, {
      network: true,
      match: { method: 'POST', path: '/api/v1/heroes' },
    });
    await device.engine.syncNow().catch(() => undefined); // its outcome is unknown now
    const [lost] = device.store.outbox.entries();
    expect(lost).toMatchObject({ attempts: 1 });
    await device.store.create('heroes', hero('Kept'));

    // The next round pulls, then looks for the lost create on the server: meanwhile, the
    // user discards it.
    let discarded = false;
    listings.push(() => {
      discarded = true;
      void device.store.outbox.discard(lost?.mutationId ?? '');
    });
    const summary = await device.engine.syncNow();
    expect(discarded).toBe(true);
    expect(summary).toMatchObject({ pushed: 1, failed: 0 });
    expect(serverHeroes(backend, user.userId).map((row) => row.name)).toEqual(['Kept']);
    expect(device.store.list('heroes').map((row) => row.name)).toEqual(['Kept']);
    expect(device.store.outbox.entries()).toEqual([]);
    await device.close();
  });
});
