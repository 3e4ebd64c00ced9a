/**
 * The Puller: `updatedAfter` cursors on the server clock (boundary instant re-read), paging to
 * the end, merges with pending local edits, manual conflicts on story text, and responses that
 * break the contract changing nothing.
 */
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { isContractError } from '../../src/errors/index.js';
import { cursorMeta } from '../../src/sync/puller.js';
import { createFakeClock } from '../../src/testing/index.js';
import { hero, newUser, openDevice, recordTimeline, useSyncBackend } from './support.js';

const harness = useSyncBackend();

async function importHeroes(
  device: Awaited<ReturnType<typeof openDevice>>,
  count: number,
): Promise<void> {
  for (let start = 0; start < count; start += 100) {
    const chunk = Array.from({ length: Math.min(100, count - start) }, (_, i) => ({
      id: `legacy-${start + i}`,
      name: `Hero ${start + i}`,
      age: 5,
      traits: ['kind'],
    }));
    await device.api.batch.importHeroes(chunk);
  }
}

describe('pull', () => {
  it('keeps no cursor while a collection never had a row: it is listed in full, without a delete check', async () => {
    const backend = harness.backend();
    const user = await newUser(backend);
    const a = await openDevice(backend, user);
    const b = await openDevice(backend, user);
    await a.engine.syncNow();
    expect(a.store.getMeta(cursorMeta('heroes'))).toBeUndefined();
    expect(a.store.getMeta(cursorMeta('stories'))).toBeUndefined();

    a.requests.length = 0;
    await a.engine.syncNow();
    // Each listing is one request (everything, no updatedAfter), and no limit=1 check.
    const heroRequests = a.requests.filter((r) => r.path === '/api/v1/heroes');
    expect(heroRequests).toHaveLength(1);
    expect(heroRequests[0]?.search).not.toContain('updatedAfter');
    expect(a.requests.filter((r) => r.path === '/api/v1/stories')).toHaveLength(1);

    // A hero created elsewhere arrives, and from then on the heroes have a cursor.
    const created = await b.api.heroes.create(hero('Later'));
    const summary = await a.engine.syncNow();
    expect(summary.pulled).toBe(1);
    expect(a.store.list('heroes').map((h) => h.name)).toEqual(['Later']);
    expect(a.store.getMeta(cursorMeta('heroes'))).toBe(created.updatedAt);
    expect(a.store.getMeta(cursorMeta('stories'))).toBeUndefined();
    await a.close();
    await b.close();
  });

  it('re-reads the cursor instant: a row with the same updatedAt as the cursor is not missed', async () => {
    const frozen = new Date('2026-03-01T10:00:00.000Z');
    const backend = harness.backend({ clock: createFakeClock(() => frozen) });
    const user = await newUser(backend);
    const a = await openDevice(backend, user);
    const b = await openDevice(backend, user);
    const x = await b.api.heroes.create(hero('X'));
    await a.engine.syncNow();
    expect(a.store.getMeta(cursorMeta('heroes'))).toBe('2026-03-01T10:00:00.000Z');
    const xBefore = a.store.get('heroes', x.id);

    const y = await b.api.heroes.create(hero('Y')); // same instant as X
    expect(y.updatedAt).toBe(x.updatedAt);
    a.requests.length = 0;
    const summary = await a.engine.syncNow();

    expect(summary.pulled).toBe(1); // Y; X was re-read but not re-applied
    expect(a.store.get('heroes', y.id)).toMatchObject({ name: 'Y', syncStatus: 'synced' });
    expect(a.store.get('heroes', x.id)).toBe(xBefore);
    const query = a.requests.find((r) => r.method === 'GET' && r.path === '/api/v1/heroes');
    expect(new URLSearchParams(query?.search).get('updatedAfter')).toBe('2026-03-01T09:59:59.999Z');
    await a.close();
    await b.close();
  });

  it('pages to the end, then pulls only what changed', async () => {
    const backend = harness.backend();
    const user = await newUser(backend);
    const a = await openDevice(backend, user);
    const b = await openDevice(backend, user);
    await importHeroes(b, 150);
    const first = await a.engine.syncNow();
    expect(first.pulled).toBe(150);
    expect(a.store.list('heroes')).toHaveLength(150);
    expect(a.count('GET', '/api/v1/heroes')).toBe(2);

    backend.clock.advance(1000);
    const rows = await b.api.heroes.list({ limit: 3 });
    for (const row of rows.heroes) await b.api.heroes.update(row.id, { age: 9 });
    a.requests.length = 0;
    const second = await a.engine.syncNow();
    expect(second.pulled).toBe(3);
    expect(a.listings('/api/v1/heroes')).toBe(1);
    expect(a.count('GET', '/api/v1/heroes')).toBe(2); // + the delete check (limit=1)
    expect(a.store.list('heroes').filter((h) => h.age === 9)).toHaveLength(3);
    await a.close();
    await b.close();
  });

  it('merges a newer server version into a record with a pending edit (field level)', async () => {
    const backend = harness.backend();
    const user = await newUser(backend);
    const a = await openDevice(backend, user);
    const b = await openDevice(backend, user);
    const row = await b.api.heroes.create(hero('Luna', 5));
    await a.engine.syncNow();
    await a.store.update('heroes', row.id, { age: 8 }); // offline edit on A
    backend.clock.advance(1000);
    await b.api.heroes.update(row.id, { name: 'Luna Star', traits: ['brave', 'funny'] }); // B

    const summary = await a.engine.syncNow();
    expect(summary).toMatchObject({ pushed: 1, conflicts: 0 });
    expect(a.store.get('heroes', row.id)).toMatchObject({
      name: 'Luna Star',
      traits: ['brave', 'funny'],
      age: 8,
      syncStatus: 'synced',
    });
    expect(backend.db.heroes.get(row.id)).toMatchObject({ name: 'Luna Star', age: 8 });
    await a.close();
    await b.close();
  });

  it('story text changed on both sides: a manual conflict, nothing sent until resolved', async () => {
    const backend = harness.backend();
    const user = await newUser(backend);
    const a = await openDevice(backend, user);
    const b = await openDevice(backend, user);
    const owner = await b.api.heroes.create(hero('Luna'));
    const imported = await b.api.batch.importStories([
      { id: 's', heroId: owner.id, title: 'Moon', content: 'Once upon a time.' },
    ]);
    const storyId = imported.results.created[0]?.serverId ?? '';
    await a.engine.syncNow();
    const timeline = recordTimeline(a.engine);

    await a.store.update('stories', storyId, { title: 'Moon (A)', isFavorite: true });
    backend.clock.advance(1000);
    await b.api.stories.update(storyId, { title: 'Moon (B)' });
    const summary = await a.engine.syncNow();

    expect(summary).toMatchObject({ conflicts: 1, pushed: 0 });
    expect(a.count('PATCH', `/api/v1/stories/${storyId}`)).toBe(0);
    expect(backend.db.stories.get(storyId)?.title).toBe('Moon (B)');
    const [conflict] = a.engine.conflicts.list();
    expect(conflict).toMatchObject({
      kind: 'fields',
      collection: 'stories',
      recordId: storyId,
      fields: ['title'],
      local: { title: 'Moon (A)', isFavorite: true },
      remote: { title: 'Moon (B)', isFavorite: false },
    });
    expect(a.store.get('stories', storyId)).toMatchObject({
      syncStatus: 'conflict',
      title: 'Moon (A)',
    });
    expect(a.engine.getSnapshot()).toMatchObject({ conflictCount: 1, pendingCount: 1 });
    // One definition of pending: the snapshot counts what pending() lists, held changes included.
    expect(a.engine.pending()).toHaveLength(a.engine.getSnapshot().pendingCount);
    expect(timeline).toContain('conflict fields stories title');

    // Another sync does not send it either, nor open a second conflict.
    const again = await a.engine.syncNow();
    expect(again).toMatchObject({ conflicts: 0, pushed: 0 });
    expect(a.engine.conflicts.list()).toHaveLength(1);

    await a.engine.conflicts.resolve(conflict?.id ?? '', 'keep-local');
    const resolved = await a.engine.syncNow();
    expect(resolved.pushed).toBe(1);
    expect(backend.db.stories.get(storyId)).toMatchObject({ title: 'Moon (A)', isFavorite: true });
    expect(a.store.get('stories', storyId)).toMatchObject({
      syncStatus: 'synced',
      title: 'Moon (A)',
    });
    expect(a.engine.getSnapshot().conflictCount).toBe(0);
    await a.close();
    await b.close();
  });

  it('a story edited on the server between pull and push still becomes a conflict', async () => {
    const backend = harness.backend();
    const user = await newUser(backend);
    // Custom events listed on every round, so their listing is the round's last pull request.
    const a = await openDevice(backend, user, { customEventsEveryMs: 0 });
    const b = await openDevice(backend, user);
    const owner = await b.api.heroes.create(hero('Luna'));
    const imported = await b.api.batch.importStories([
      { id: 's', heroId: owner.id, title: 'Sun', content: 'Warm days.' },
    ]);
    const storyId = imported.results.created[0]?.serverId ?? '';
    await a.engine.syncNow();
    await a.store.update('stories', storyId, { content: 'Warm days, by A.' });
    // B edits right after A's pull listed the stories (the last pull request is custom events).
    let edited = false;
    harness.server.use(
      http.get(`${backend.baseUrl}/api/v1/custom-events`, async () => {
        if (!edited) {
          edited = true;
          backend.clock.advance(1000);
          await b.api.stories.update(storyId, { content: 'Warm days, by B.' });
        }
        return undefined;
      }),
    );
    const summary = await a.engine.syncNow();
    expect(summary).toMatchObject({ conflicts: 1, pushed: 0 });
    expect(backend.db.stories.get(storyId)?.content).toBe('Warm days, by B.');
    expect(a.engine.conflicts.list()[0]).toMatchObject({ fields: ['content'] });
    await a.close();
    await b.close();
  });

  it('a response that breaks the contract mid-pagination changes nothing', async () => {
    const backend = harness.backend();
    const user = await newUser(backend);
    const a = await openDevice(backend, user);
    const b = await openDevice(backend, user);
    await importHeroes(b, 120);
    let broken = true;
    harness.server.use(
      http.get(`${backend.baseUrl}/api/v1/heroes`, ({ request }) => {
        const offset = new URL(request.url).searchParams.get('offset');
        if (broken && offset === '100') {
          return HttpResponse.json({ data: { heroes: [{ id: 42 }], pagination: {} } });
        }
        return undefined;
      }),
    );
    const error = await a.engine.syncNow().catch((e: unknown) => e);
    expect(isContractError(error)).toBe(true);
    expect(a.store.list('heroes')).toHaveLength(0);
    expect(a.store.getMeta(cursorMeta('heroes'))).toBeUndefined();
    expect(a.engine.getSnapshot()).toMatchObject({ phase: 'error', lastError: { kind: 'server' } });

    broken = false;
    const summary = await a.engine.syncNow();
    expect(summary.pulled).toBe(120);
    expect(a.engine.getSnapshot()).toMatchObject({ phase: 'idle', lastError: null });
    await a.close();
    await b.close();
  });
});
