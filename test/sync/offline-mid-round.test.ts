/**
 * A round running when connectivity says the device went offline sends nothing more: no next
 * listing, no push (the requests a round sends at once at its start may still be answered). It ends with `OfflineError` (status error kind `offline`), and the changes
 * it did not send are untouched (no attempt counted, so no lost-create search later). Driven
 * by the injected connectivity, flipped from the fetch boundary when an answer arrives.
 */
import { describe, expect, it } from 'vitest';
import { isOfflineError } from '../../src/errors/index.js';
import { manualConnectivity } from '../../src/platform/connectivity.js';
import { hero, newUser, openDevice, serverHeroes, useSyncBackend } from './support.js';

const harness = useSyncBackend();

/**
 * A fetch that turns connectivity off once the answer to the first request matching `when`
 * arrives; `late` lists the requests sent after that.
 */
function dropsAfter(when: RegExp, connectivity: ReturnType<typeof manualConnectivity>) {
  let dropped = false;
  const late: string[] = [];
  const fetch = async (request: Request): Promise<Response> => {
    if (dropped) late.push(`${request.method} ${new URL(request.url).pathname}`);
    const response = await globalThis.fetch(request);
    const { pathname, search } = new URL(request.url);
    if (!dropped && when.test(`${request.method} ${pathname}${search}`)) {
      dropped = true;
      connectivity.goOffline();
    }
    return response;
  };
  return { fetch, late };
}

describe('the network drops during a round', () => {
  it('during the pull: no further request, OfflineError, the queued create untouched', async () => {
    const backend = harness.backend();
    const user = await newUser(backend);
    const connectivity = manualConnectivity();
    const network = dropsAfter(/^GET \/api\/v1\/heroes/, connectivity);
    const device = await openDevice(backend, user, { connectivity, fetch: network.fetch });
    await device.store.create('heroes', hero('Luna'));

    const error = await device.engine.syncNow().catch((e: unknown) => e);
    expect(isOfflineError(error)).toBe(true);
    expect(device.log()).toContain('GET /api/v1/heroes');
    expect(network.late).toEqual([]);
    expect(device.count('POST', '/api/v1/heroes')).toBe(0);
    expect(device.engine.getSnapshot()).toMatchObject({
      online: false,
      pendingCount: 1,
      lastError: { kind: 'offline' },
    });
    expect(device.store.outbox.pending()).toMatchObject([
      { op: 'create', status: 'pending', attempts: 0, lastError: null },
    ]);

    connectivity.goOnline();
    await device.engine.syncNow();
    expect(serverHeroes(backend, user.userId).map((h) => h.name)).toEqual(['Luna']);
    // The create was sent once, as a plain create: no search for a lost one.
    expect(device.count('POST', '/api/v1/heroes')).toBe(1);
    await device.close();
  });

  it('during the push: the entries not sent yet stay untouched', async () => {
    const backend = harness.backend();
    const user = await newUser(backend);
    const connectivity = manualConnectivity();
    const device = await openDevice(backend, user, {
      connectivity,
      pushConcurrency: 1,
      fetch: dropsAfter(/^POST \/api\/v1\/heroes$/, connectivity).fetch,
    });
    await device.store.create('heroes', hero('Luna'));
    await device.store.create('heroes', hero('Max'));

    const error = await device.engine.syncNow().catch((e: unknown) => e);
    expect(isOfflineError(error)).toBe(true);
    expect(device.count('POST', '/api/v1/heroes')).toBe(1);
    // The one sent was answered and is acknowledged; the other was never tried.
    expect(serverHeroes(backend, user.userId)).toHaveLength(1);
    expect(device.store.outbox.pending()).toMatchObject([
      { op: 'create', status: 'pending', attempts: 0, lastError: null },
    ]);

    connectivity.goOnline();
    await device.engine.syncNow();
    expect(
      serverHeroes(backend, user.userId)
        .map((h) => h.name)
        .sort(),
    ).toEqual(['Luna', 'Max']);
    await device.close();
  });
});
