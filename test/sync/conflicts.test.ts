/**
 * Conflicts: persisted across restarts, resolved with keep-local / keep-remote / merged,
 * custom resolvers that fail surfaced (never applied), delete vs remote update, and the repair
 * of a conflict written just before a crash.
 */
import { describe, expect, it } from 'vitest';
import { createConflict } from '../../src/conflict/conflict.js';
import { isConflictResolverError } from '../../src/errors/index.js';
import type { JsonValue } from '../../src/storage-adapters/storage-adapter.js';
import { CONFLICTS_META } from '../../src/sync/conflict-registry.js';
import type { FakeBackend } from '../../src/testing/index.js';
import {
  type Device,
  hero,
  newUser,
  openDevice,
  type TestUser,
  useSyncBackend,
} from './support.js';

const harness = useSyncBackend();

/** A story on the server, pulled by `a`; returns its id. */
async function sharedStory(a: Device, b: Device, title = 'Moon'): Promise<string> {
  const owner = await b.api.heroes.create(hero('Luna'));
  const imported = await b.api.batch.importStories([
    { id: 's', heroId: owner.id, title, content: 'Once upon a time.' },
  ]);
  await a.engine.syncNow();
  return imported.results.created[0]?.serverId ?? '';
}

async function twoDevices(backend: FakeBackend): Promise<{ user: TestUser; a: Device; b: Device }> {
  const user = await newUser(backend);
  return { user, a: await openDevice(backend, user), b: await openDevice(backend, user) };
}

describe('conflicts', () => {
  it('survive a restart (store reopened on the same storage) and resolve with { merged }', async () => {
    const backend = harness.backend();
    const { user, a, b } = await twoDevices(backend);
    const storyId = await sharedStory(a, b);
    await a.store.update('stories', storyId, { title: 'Moon (A)' });
    backend.clock.advance(1000);
    await b.api.stories.update(storyId, { title: 'Moon (B)' });
    await a.engine.syncNow();
    const [before] = a.engine.conflicts.list();
    expect(before).toBeDefined();
    await a.engine.close(); // the app quits (the store is simply dropped)

    const restarted = await openDevice(backend, user, { storage: a.storage });
    expect(restarted.engine.conflicts.list()).toEqual([before]);
    expect(restarted.engine.getSnapshot()).toMatchObject({ conflictCount: 1, pendingCount: 1 });
    expect(restarted.store.get('stories', storyId)?.syncStatus).toBe('conflict');

    await restarted.engine.conflicts.resolve(before?.id ?? '', {
      merged: { title: 'Moon (A and B)' },
    });
    expect(restarted.engine.conflicts.list()).toEqual([]);
    await restarted.engine.syncNow();
    expect(backend.db.stories.get(storyId)?.title).toBe('Moon (A and B)');
    expect(restarted.store.get('stories', storyId)).toMatchObject({
      title: 'Moon (A and B)',
      syncStatus: 'synced',
    });
    await restarted.close();
    await b.close();
  });

  it('keep-remote drops the local change and sends nothing', async () => {
    const backend = harness.backend();
    const { a, b } = await twoDevices(backend);
    const storyId = await sharedStory(a, b);
    await a.store.update('stories', storyId, { content: 'Mine.' });
    backend.clock.advance(1000);
    await b.api.stories.update(storyId, { content: 'Theirs.' });
    await a.engine.syncNow();
    const [conflict] = a.engine.conflicts.list();
    await a.engine.conflicts.resolve(conflict?.id ?? '', 'keep-remote');
    expect(a.store.get('stories', storyId)).toMatchObject({
      content: 'Theirs.',
      syncStatus: 'synced',
    });
    const summary = await a.engine.syncNow();
    expect(summary.pushed).toBe(0);
    expect(a.count('PATCH', `/api/v1/stories/${storyId}`)).toBe(0);
    await a.close();
    await b.close();
  });

  it('an invalid { merged } is refused and the conflict stays open', async () => {
    const backend = harness.backend();
    const { a, b } = await twoDevices(backend);
    const storyId = await sharedStory(a, b);
    await a.store.update('stories', storyId, { title: 'A' });
    backend.clock.advance(1000);
    await b.api.stories.update(storyId, { title: 'B' });
    await a.engine.syncNow();
    const [conflict] = a.engine.conflicts.list();
    const error = await a.engine.conflicts
      .resolve(conflict?.id ?? '', {
        merged: { title: 42 } as unknown as Record<string, JsonValue>,
      })
      .catch((e: unknown) => e);
    expect(isConflictResolverError(error)).toBe(true);
    expect(a.engine.conflicts.list()).toEqual([conflict]);
    expect(a.store.get('stories', storyId)?.syncStatus).toBe('conflict');
    await a.close();
    await b.close();
  });

  it('a custom resolver that throws is surfaced and becomes a conflict, never applied', async () => {
    const backend = harness.backend();
    const user = await newUser(backend);
    const a = await openDevice(backend, user, {
      conflicts: {
        heroes: () => {
          throw new Error('resolver bug');
        },
      },
    });
    const b = await openDevice(backend, user);
    const row = await b.api.heroes.create(hero('Luna'));
    await a.engine.syncNow();
    const errors: string[] = [];
    a.engine.on('conflict:resolver-error', (error) => errors.push(error.message));
    await a.store.update('heroes', row.id, { name: 'Luna A' });
    backend.clock.advance(1000);
    await b.api.heroes.update(row.id, { name: 'Luna B' });
    const summary = await a.engine.syncNow();
    expect(summary).toMatchObject({ conflicts: 1, pushed: 0 });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/resolver bug/);
    expect(a.engine.conflicts.list()).toMatchObject([{ kind: 'fields', fields: ['name'] }]);
    expect(backend.db.heroes.get(row.id)?.name).toBe('Luna B');
    await a.close();
    await b.close();
  });

  it('delete vs remote update of story text: a conflict; keep-local sends the delete', async () => {
    const backend = harness.backend();
    const { a, b } = await twoDevices(backend);
    const storyId = await sharedStory(a, b);
    await a.store.delete('stories', storyId);
    backend.clock.advance(1000);
    await b.api.stories.update(storyId, { title: 'Rewritten' });
    const summary = await a.engine.syncNow();
    expect(summary.conflicts).toBe(1);
    expect(backend.db.stories.has(storyId)).toBe(true);
    const [conflict] = a.engine.conflicts.list();
    expect(conflict).toMatchObject({ kind: 'updated-remotely-while-deleted', fields: ['title'] });

    await a.engine.conflicts.resolve(conflict?.id ?? '', 'keep-local');
    await a.engine.syncNow();
    expect(backend.db.stories.has(storyId)).toBe(false);
    expect(a.store.getStored('stories', storyId)).toBeUndefined();
    await a.close();
    await b.close();
  });

  it('a conflict written just before a crash holds its record again on restart', async () => {
    const backend = harness.backend();
    const { user, a, b } = await twoDevices(backend);
    const storyId = await sharedStory(a, b);
    await a.store.update('stories', storyId, { title: 'Local' });
    const record = a.store.getStored('stories', storyId);
    // The crash happened after the conflict was written and before the entries were held.
    const conflict = createConflict({
      collection: 'stories',
      recordId: storyId,
      kind: 'fields',
      fields: ['title'],
      base: { ...record?.data, ...record?.base },
      local: record?.data ?? {},
      remote: { ...record?.data, title: 'Remote' },
      createdAt: Date.now() + 1000,
    });
    await a.store.setMeta(CONFLICTS_META, [conflict] as unknown as JsonValue);
    await a.engine.close();
    const restarted = await openDevice(backend, user, { storage: a.storage });
    await restarted.engine.syncNow();
    expect(restarted.count('PATCH', `/api/v1/stories/${storyId}`)).toBe(0);
    expect(restarted.store.get('stories', storyId)?.syncStatus).toBe('conflict');
    expect(restarted.engine.conflicts.list()).toHaveLength(1);
    await restarted.close();
    await b.close();
  });
});
