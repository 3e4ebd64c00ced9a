/**
 * A round sends its first requests for every collection at once (listings and the delete
 * checks), and a long listing has its next pages on their way while one is read
 * (`pullConcurrency`). What the device ends up with is what a round one request at a time gives.
 */
import { describe, expect, it } from 'vitest';
import { hero, newUser, openDevice, serverHeroes, useSyncBackend } from './support.js';

const harness = useSyncBackend();

/** A fetch that records the most requests it saw in flight at once, in all and per path. */
function measuringFetch() {
  let inFlight = 0;
  const byPath = new Map<string, number>();
  const seen = { most: 0, mostByPath: new Map<string, number>() };
  const fetch = async (request: Request): Promise<Response> => {
    const path = new URL(request.url).pathname;
    inFlight++;
    byPath.set(path, (byPath.get(path) ?? 0) + 1);
    seen.most = Math.max(seen.most, inFlight);
    seen.mostByPath.set(path, Math.max(seen.mostByPath.get(path) ?? 0, byPath.get(path) ?? 0));
    try {
      // Every request waits for the others sent in the same turn, as a network would make it.
      await new Promise((resolve) => setImmediate(resolve));
      return await globalThis.fetch(request);
    } finally {
      inFlight--;
      byPath.set(path, (byPath.get(path) ?? 1) - 1);
    }
  };
  return { fetch, seen };
}

describe('pull concurrency', () => {
  it('a quiet incremental round sends its five requests at once', async () => {
    const backend = harness.backend();
    const user = await newUser(backend);
    const network = measuringFetch();
    const device = await openDevice(backend, user, { fetch: network.fetch });
    // A hero and a story on the server, so both collections have a cursor.
    const owner = await device.api.heroes.create(hero('Luna'));
    await device.api.batch.importStories([
      { id: 's', heroId: owner.id, title: 'Moon', content: 'Once upon a time.' },
    ]);
    await device.engine.syncNow();
    device.requests.length = 0;
    network.seen.most = 0;

    await device.engine.syncNow();
    // heroes and stories: a listing and a delete check each; custom events: the check only
    expect(device.log()).toHaveLength(5);
    expect(network.seen.most).toBe(5);
    await device.close();
  });

  it('a listing of many pages has several on their way, and the device gets every row once', async () => {
    const backend = harness.backend();
    const user = await newUser(backend);
    const writer = await openDevice(backend, user);
    // 350 heroes: 4 pages of 100 (the page size of every pull).
    for (let batch = 0; batch < 4; batch++) {
      const size = batch === 3 ? 50 : 100;
      const heroes = Array.from({ length: size }, (_, i) => ({
        ...hero(`Hero ${batch * 100 + i}`),
        id: `local-${batch}-${i}`,
      }));
      await writer.api.batch.importHeroes(heroes);
    }
    const network = measuringFetch();
    const reader = await openDevice(backend, user, { fetch: network.fetch, pullConcurrency: 3 });
    await reader.engine.syncNow();

    const names = reader.store
      .list('heroes')
      .map((h) => h.name)
      .sort();
    expect(names).toEqual(
      serverHeroes(backend, user.userId)
        .map((h) => h.name)
        .sort(),
    );
    expect(names).toHaveLength(350);
    expect(new Set(names).size).toBe(350);
    // One request per page: the first alone, then the other three at once.
    expect(reader.count('GET', '/api/v1/heroes')).toBe(4);
    expect(network.seen.mostByPath.get('/api/v1/heroes')).toBe(3);
    await writer.close();
    await reader.close();
  });
});
