/**
 * Pulls under a broken server: lists that never end, rows dated in the future, a collection
 * that keeps failing, rows that fail validation, and remote deletes within one round. Faults
 * are injected in the fake backend (its tables, its answers at the fetch boundary).
 */
import { describe, expect, it } from 'vitest';
import { isContractError, isHttpError } from '../../src/errors/index.js';
import { cursorMeta } from '../../src/sync/puller.js';
import type { FutureRowEvent, PullRejectedEvent } from '../../src/sync/sync-events.js';
import { endlessPages, postDateHero, setHeroTraits } from '../support/pull-faults.js';
import { hero, newUser, openDevice, serverHeroes, useSyncBackend } from './support.js';

const harness = useSyncBackend();
const DAY = 24 * 60 * 60_000;

describe('pull hardening', () => {
  it.each([
    ['same-page', '/api/v1/custom-events', 'customEvents.list'],
    ['empty-pages', '/api/v1/stories', 'stories.list'],
  ] as const)(
    'a list that never ends (%s) fails only its collection with a ContractError; the round ends and pushes',
    async (kind, path, operation) => {
      const backend = harness.backend();
      const user = await newUser(backend);
      // Custom events are listed on every round here (by default, at most every 30 s).
      const a = await openDevice(backend, user, { customEventsEveryMs: 0 });
      const b = await openDevice(backend, user);
      const x = await b.api.heroes.create(hero('X'));
      await b.api.customEvents.create({ title: 'Zoo', promptSeed: 'A day at the zoo' });
      await b.api.stories.generate({ heroId: x.id, language: 'en' });
      await a.engine.syncNow();
      const before = { events: a.store.list('customEvents'), stories: a.store.list('stories') };

      endlessPages(harness.server, backend, path, kind);
      await b.api.heroes.update(x.id, { name: 'X the Brave' });
      const local = await a.store.create('heroes', hero('Made here'));
      const error = await a.engine.syncNow().catch((e: unknown) => e);

      expect(isContractError(error)).toBe(true);
      expect(error).toMatchObject({ operation });
      expect(String((error as Error).message)).toContain(path.slice(1));
      expect(a.store.list('customEvents')).toEqual(before.events); // unchanged
      expect(a.store.list('stories')).toEqual(before.stories);
      expect(a.store.get('heroes', x.id)?.name).toBe('X the Brave'); // the others were pulled
      expect(serverHeroes(backend, user.userId).map((h) => h.name)).toContain('Made here');
      expect(a.store.get('heroes', local.id)?.syncStatus).toBe('synced');
      expect(a.engine.getSnapshot().phase).toBe('error');
      await a.close();
      await b.close();
    },
  );

  it('a row dated in the future is applied, reported once, and freezes neither itself nor others', async () => {
    const backend = harness.backend();
    const user = await newUser(backend);
    const a = await openDevice(backend, user);
    const b = await openDevice(backend, user);
    const future = await b.api.heroes.create(hero('Future'));
    const other = await b.api.heroes.create(hero('Other'));
    const futureAt = postDateHero(backend, future.id, DAY);
    const reports: FutureRowEvent[] = [];
    a.engine.on('pull:future-row', (event) => reports.push(event));

    await a.engine.syncNow();
    expect(a.store.get('heroes', future.id)?.name).toBe('Future');
    const cursor = String(a.store.getMeta(cursorMeta('heroes')));
    expect(cursor < futureAt).toBe(true);
    expect(Date.parse(cursor)).toBeLessThanOrEqual(backend.clock.now().getTime() + 3000);

    backend.clock.advance(1000);
    await b.api.heroes.update(other.id, { name: 'Other renamed' });
    await b.api.heroes.update(future.id, { name: 'Future renamed' }); // now dated "now" again
    await a.engine.syncNow();
    await a.engine.syncNow();
    expect(a.store.get('heroes', other.id)?.name).toBe('Other renamed');
    expect(a.store.get('heroes', future.id)?.name).toBe('Future renamed');
    expect(reports).toEqual([
      expect.objectContaining({ collection: 'heroes', id: future.id, updatedAt: futureAt }),
    ]);
    await a.close();
    await b.close();
  });

  it('a visual profile dated in the future is applied and does not freeze its later versions', async () => {
    const backend = harness.backend();
    const user = await newUser(backend);
    const a = await openDevice(backend, user);
    const b = await openDevice(backend, user);
    const x = await b.api.heroes.create(hero('X'));
    const profile = await b.api.heroes.visualProfile.create(x.id, { hairStyle: 'long' });
    const row = backend.db.visualProfiles.get(profile.id);
    if (!row) throw new Error('no profile row');
    row.updatedAt = new Date(backend.clock.now().getTime() + DAY);

    await a.engine.syncNow();
    expect(a.store.get('visualProfiles', profile.id)?.hairStyle).toBe('long');

    backend.clock.advance(1000);
    await b.api.heroes.visualProfile.update(x.id, { hairStyle: 'short' }); // dated "now" again
    await b.api.heroes.update(x.id, { name: 'X2' });
    await a.engine.syncNow();
    expect(a.store.get('heroes', x.id)?.name).toBe('X2');
    expect(a.store.get('visualProfiles', profile.id)?.hairStyle).toBe('short');
    await a.close();
    await b.close();
  });

  it('a page whose rows all fail validation, with hasMore, is not an empty page: the walk goes on', async () => {
    const backend = harness.backend();
    const user = await newUser(backend);
    const a = await openDevice(backend, user);
    const b = await openDevice(backend, user);
    const older = [
      await b.api.heroes.create(hero('Old 1')),
      await b.api.heroes.create(hero('Old 2')),
    ];
    backend.clock.advance(1000);
    const imported = await b.api.batch.importHeroes(
      Array.from({ length: 100 }, (_, i) => ({
        id: `n${i}`,
        name: `New ${i}`,
        age: 6,
        traits: [],
      })),
    );
    // The newest 100 (the whole first page of 100) fail validation; the page says hasMore.
    for (const row of imported.results.created) setHeroTraits(backend, row.serverId, 'not a list');

    const summary = await a.engine.syncNow(); // no ContractError
    expect(summary.failed).toBe(0);
    expect(a.count('GET', '/api/v1/heroes')).toBeGreaterThanOrEqual(2); // the second page too
    expect(
      a.store
        .list('heroes')
        .map((h) => h.id)
        .sort(),
    ).toEqual(older.map((h) => h.id).sort());
    expect(a.engine.getSnapshot()).toMatchObject({ rejectedRemote: 100, phase: 'idle' });
    await a.close();
    await b.close();
  });

  it('one collection failing every time: the others are pulled, creates are pushed, edits of its records wait', async () => {
    const backend = harness.backend();
    const user = await newUser(backend);
    const a = await openDevice(backend, user);
    const b = await openDevice(backend, user);
    const x = await b.api.heroes.create(hero('X'));
    const story = await b.api.stories.generate({ heroId: x.id, language: 'en' });
    await a.engine.syncNow();

    backend.faults.failNext(1_000, {
      status: 500,
      match: { method: 'GET', path: '/api/v1/stories' },
    });
    await b.api.heroes.update(x.id, { name: 'X2' });
    const created = await a.store.create('heroes', hero('Created offline'));
    await a.store.update('stories', story.id, { title: 'Edited here' });
    const error = await a.engine.syncNow().catch((e: unknown) => e);

    expect(isHttpError(error)).toBe(true);
    expect(a.store.get('heroes', x.id)?.name).toBe('X2');
    expect(a.store.get('heroes', created.id)?.syncStatus).toBe('synced');
    expect(a.count('PATCH', /^\/api\/v1\/stories\//)).toBe(0); // its record may be stale
    expect(a.engine.getSnapshot().pendingCount).toBe(1);

    backend.faults.clear();
    await a.engine.syncNow();
    expect(a.count('PATCH', /^\/api\/v1\/stories\//)).toBe(1);
    expect(backend.db.stories.get(story.id)?.title).toBe('Edited here');
    await a.close();
    await b.close();
  });

  it('a row that fails validation is skipped, counted in rejectedRemote, reported with id and field; its edits wait', async () => {
    const backend = harness.backend();
    const user = await newUser(backend);
    const warnings: string[] = [];
    const logger = {
      debug: () => undefined,
      info: () => undefined,
      warn: (message: string) => warnings.push(message),
      error: () => undefined,
    };
    const a = await openDevice(backend, user, { logger });
    const b = await openDevice(backend, user);
    const good = await b.api.heroes.create(hero('Good'));
    const bad = await b.api.heroes.create(hero('Bad'));
    await a.engine.syncNow();
    const rejected: PullRejectedEvent[] = [];
    a.engine.on('pull:rejected', (event) => rejected.push(event));

    backend.clock.advance(1000);
    setHeroTraits(backend, bad.id, 'not a list');
    await b.api.heroes.update(good.id, { name: 'Good 2' });
    await a.store.update('heroes', bad.id, { name: 'Bad renamed here' });
    await a.engine.syncNow();
    await a.engine.syncNow();

    expect(a.store.get('heroes', good.id)?.name).toBe('Good 2');
    expect(a.store.get('heroes', bad.id)?.name).toBe('Bad renamed here'); // kept, not removed
    expect(a.engine.getSnapshot().rejectedRemote).toBe(1);
    expect(rejected).toEqual([
      expect.objectContaining({ collection: 'heroes', id: bad.id, field: 'traits' }),
    ]);
    expect(warnings).toContain('sync: a server row failed validation and was skipped');
    expect(a.count('PATCH', `/api/v1/heroes/${bad.id}`)).toBe(0);

    backend.clock.advance(1000);
    setHeroTraits(backend, bad.id, ['fixed']);
    await a.engine.syncNow();
    await a.engine.syncNow();
    expect(a.engine.getSnapshot().rejectedRemote).toBe(0);
    expect(backend.db.heroes.get(bad.id)?.name).toBe('Bad renamed here');
    await a.close();
    await b.close();
  });

  it('a remote delete is visible at the next round, for one extra request per collection when nothing was deleted', async () => {
    const backend = harness.backend();
    const user = await newUser(backend);
    const a = await openDevice(backend, user);
    const b = await openDevice(backend, user);
    const luna = await b.api.heroes.create(hero('Luna'));
    const max = await b.api.heroes.create(hero('Max'));
    await b.api.stories.generate({ heroId: luna.id, language: 'en' });
    await a.engine.syncNow();

    a.requests.length = 0;
    await a.engine.syncNow(); // nothing changed anywhere
    expect(a.count('GET', '/api/v1/heroes')).toBe(2); // the incremental pull + limit=1
    expect(a.count('GET', '/api/v1/stories')).toBe(2);

    await b.api.heroes.delete(luna.id);
    await a.engine.syncNow();
    expect(a.store.get('heroes', luna.id)).toBeUndefined();
    expect(a.store.list('stories')).toEqual([]); // the cascade
    expect(a.store.get('heroes', max.id)).toBeDefined();
    await a.close();
    await b.close();
  });
});
