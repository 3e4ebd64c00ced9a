import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isStorageError } from '../../src/errors/index.js';
import { memoryStorage } from '../../src/storage-adapters/memory-storage.js';
import type { JsonValue } from '../../src/storage-adapters/storage-adapter.js';
import { namespacePrefix } from '../../src/store/keys.js';
import { openLocalStore } from '../../src/store/local-store.js';

const fixture = JSON.parse(
  readFileSync(new URL('./fixtures/v1-namespace.json', import.meta.url), 'utf8'),
) as { userId: string; entries: Array<[string, JsonValue]> };

const LUNA = 'cmwy1jw3e0000su7dc18yk2zy';
const NOVA = '0190a1b2-0000-7000-8000-000000000001';
const STORY = 'cmwy1jw3e0001su7dc18yk2zq';
const EVENT = 'cmwy1jw3e0002su7dc18yk2zz';

async function seededStorage(entries = fixture.entries) {
  const storage = memoryStorage();
  const prefix = namespacePrefix(fixture.userId);
  await storage.batch(entries.map(([key, value]) => ({ type: 'put', key: prefix + key, value })));
  return storage;
}

describe('storage format v1 → v2 → v3 migration', () => {
  it('migrates records and outbox in place and keeps every pending change', async () => {
    const storage = await seededStorage();
    const store = await openLocalStore({ storage, userId: fixture.userId, now: () => 1_000 });
    expect(store.opened).toEqual({ foundVersion: 1, migrated: true });

    expect(store.list('heroes', { orderBy: [{ field: 'name', direction: 'asc' }] })).toMatchObject([
      { id: LUNA, serverId: LUNA, name: 'Luna', age: 6, syncStatus: 'pendingUpdate' },
      { id: NOVA, serverId: null, name: 'Nova', syncStatus: 'pendingCreate' },
      { name: 'Sol', syncStatus: 'synced' },
    ]);
    expect(store.getStored('heroes', LUNA)).toMatchObject({
      base: { age: 5 },
      serverUpdatedAt: '2025-11-30T08:00:00.000Z',
      data: {
        name: 'Luna',
        age: 6,
        traits: ['brave', 'kind'],
        updatedAt: '2025-11-30T08:00:00.000Z',
      },
    });
    expect(store.getStored('heroes', LUNA)?.data).not.toHaveProperty('_sync');
    // The pending delete stays hidden; the failed story update stays failed with its error.
    expect(store.get('customEvents', EVENT)).toBeUndefined();
    expect(store.getStored('customEvents', EVENT)?.syncStatus).toBe('pendingDelete');
    expect(store.get('stories', STORY)).toMatchObject({
      title: '',
      heroId: LUNA,
      syncStatus: 'failed',
      syncError: {
        kind: 'permanent',
        message: 'title: String must contain at least 1 character(s)',
      },
    });

    expect(store.outbox.entries()).toMatchObject([
      {
        mutationId: 'm-create-1',
        seq: 3,
        op: 'create',
        attempts: 2,
        status: 'pending',
        createdAt: Date.parse('2025-12-01T10:00:00.000Z'),
      },
      {
        mutationId: 'm-update-1',
        seq: 4,
        op: 'update',
        patch: { age: 6 },
        baseServerUpdatedAt: '2025-11-30T08:00:00.000Z',
      },
      {
        mutationId: 'm-delete-1',
        seq: 7,
        op: 'delete',
        collection: 'customEvents',
        localId: EVENT,
      },
      { mutationId: 'm-update-2', seq: 9, status: 'failed', lastError: { kind: 'permanent' } },
    ]);

    // The discard path works on migrated data: the server version comes from the v1 base.
    await store.outbox.discard('m-update-2');
    expect(store.get('stories', STORY)).toMatchObject({ title: 'The moon', syncStatus: 'synced' });

    // New writes get fresh seqs after the old ones. The migrated create was sent before
    // (attempts 2), so it may be on the server: it stays as sent and the edit queues behind it.
    await store.update('heroes', NOVA, { age: 8 });
    expect(store.outbox.get('m-create-1')?.patch).toEqual({
      name: 'Nova',
      age: 7,
      traits: ['curious'],
    });
    expect(store.outbox.entries().at(-1)).toMatchObject({
      seq: 10,
      op: 'update',
      patch: { age: 8 },
    });
    expect(store.get('heroes', NOVA)).toMatchObject({ age: 8, syncStatus: 'pendingCreate' });
    const sol = 'cmwy1jw3e0003su7dc18yk2zw';
    await store.update('heroes', sol, { age: 10 });
    expect(store.outbox.entries().at(-1)?.seq).toBe(11);
  });

  it('writes the current format durably: a second open reads it without migrating', async () => {
    const storage = await seededStorage();
    await openLocalStore({ storage, userId: fixture.userId });
    const prefix = namespacePrefix(fixture.userId);
    expect(await storage.get(`${prefix}meta/format`)).toEqual({ version: 3 });
    const keys = (await storage.scan(prefix)).map(([key]) => key.slice(prefix.length));
    expect(keys.filter((key) => key.startsWith('outbox/'))).toEqual([]);
    // Format 3 (v1 → v2 → v3): the record's wire fields, its base, its entry by field name.
    expect(await storage.get(`${prefix}rec/heroes/${LUNA}`)).toMatchObject({
      d: { name: 'Luna', age: 6 },
      b: { age: 5 },
      o: [{ m: 'm-update-1', k: ['age'] }],
    });
    const again = await openLocalStore({ storage, userId: fixture.userId });
    expect(again.opened).toEqual({ foundVersion: 3, migrated: false });
    expect(again.outbox.get('m-update-1')?.patch).toEqual({ age: 6 });
    expect(again.outbox.pendingCount).toBe(4);
    expect(again.get('heroes', LUNA)).toMatchObject({ age: 6, syncStatus: 'pendingUpdate' });
  });

  it('an unreadable v1 value fails the open with StorageError and leaves the data untouched', async () => {
    const broken = fixture.entries.map(([key, value]): [string, JsonValue] =>
      key === 'outbox/000000000004' ? [key, { id: 'm-update-1' }] : [key, value],
    );
    const storage = await seededStorage(broken);
    const prefix = namespacePrefix(fixture.userId);
    const before = await storage.scan(prefix);
    const error = await openLocalStore({ storage, userId: fixture.userId }).catch(
      (e: unknown) => e,
    );
    expect(isStorageError(error)).toBe(true);
    expect(await storage.scan(prefix)).toEqual(before);
  });

  it('refuses a namespace written by a newer SDK', async () => {
    const storage = memoryStorage();
    await storage.batch([
      { type: 'put', key: `${namespacePrefix('u')}meta/format`, value: { version: 99 } },
    ]);
    await expect(openLocalStore({ storage, userId: 'u' })).rejects.toThrow(/newer SDK/);
  });
});
