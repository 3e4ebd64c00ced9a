/**
 * Storage format 2 → 3, in place, on every adapter. The fixture is a namespace written by the
 * SDK as it was before format 3 (commit 2fbc72b, storage format 2): synced records, a pending
 * create, update and delete, a device-created record acknowledged and edited again, a story
 * that references a hero not yet on the server, a conflict, a failed update, a scheduled retry,
 * a pull cursor and the superseded list.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import {
  asyncSqliteStorage,
  asyncStorageAdapter,
  expoSqliteDatabase,
} from '../../src/react-native.js';
import { indexedDBStorage } from '../../src/storage-adapters/indexeddb-storage.js';
import { memoryStorage } from '../../src/storage-adapters/memory-storage.js';
import { sqliteStorage } from '../../src/storage-adapters/sqlite-storage.js';
import type { JsonValue, StorageAdapter } from '../../src/storage-adapters/storage-adapter.js';
import { namespacePrefix } from '../../src/store/keys.js';
import { openLocalStore } from '../../src/store/local-store.js';
import { decodeRow } from '../../src/store/row-codec.js';
import type { RecordRow } from '../../src/store/row-rebase.js';
import { readSuperseded } from '../../src/sync/superseded.js';
import { asyncStorageStandIn, expoSqliteStandIn } from '../react-native/stand-ins.js';

const fixture = JSON.parse(
  readFileSync(new URL('./fixtures/v2-namespace.json', import.meta.url), 'utf8'),
) as { userId: string; entries: Array<[string, JsonValue]> };
const prefix = namespacePrefix(fixture.userId);

const LUNA = 'cmhero00000000000000luna1';
const SOL = 'cmhero000000000000000sol1';
const MIRA = 'cmhero00000000000000mira1';
const STORY = 'cmstory000000000000moon01';
const EVENT = 'cmevent0000000000000bday1';
const NOVA = '0190b000-0000-7000-8000-00000000aaaa';
const ADA = '0190b000-0000-7000-8000-00000000bbbb';
const STORY2 = '0190b000-0000-7000-8000-00000000cccc';

const dir = mkdtempSync(join(tmpdir(), 'sdk-format-v3-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

const adapters: ReadonlyArray<readonly [string, () => StorageAdapter]> = [
  ['memoryStorage', () => memoryStorage()],
  ['sqliteStorage', () => sqliteStorage(new Database(join(dir, `s-${++files}.sqlite`)))],
  ['indexedDBStorage', () => indexedDBStorage({ dbName: `format-v3-${++files}` })],
  [
    'asyncSqliteStorage',
    () => asyncSqliteStorage(expoSqliteDatabase(expoSqliteStandIn(join(dir, `a-${++files}.db`)))),
  ],
  ['asyncStorageAdapter', () => asyncStorageAdapter(asyncStorageStandIn().storage)],
];

function ownerOf(key: string) {
  const [, collection = '', id = ''] = key.split('/');
  return { collection: collection as 'heroes', localId: decodeURIComponent(id) };
}

describe.each(adapters)('storage format 2 → 3 on %s', (_name, create) => {
  it('rewrites every row in place, field for field, and keeps every pending change', async () => {
    const storage = create();
    await storage.batch(
      fixture.entries.map(([key, value]) => ({ type: 'put', key: prefix + key, value })),
    );
    const store = await openLocalStore({ storage, userId: fixture.userId, now: () => 1_000 });
    expect(store.opened).toEqual({ foundVersion: 2, migrated: true });

    // Same keys; each migrated row decodes to the format-2 row it replaced.
    const after = new Map(await storage.scan(prefix));
    expect([...after.keys()].sort()).toEqual(fixture.entries.map(([key]) => prefix + key).sort());
    expect(after.get(`${prefix}meta/format`)).toEqual({ version: 3 });
    for (const [key, value] of fixture.entries) {
      const now = after.get(prefix + key);
      if (!key.startsWith('rec/')) {
        if (key !== 'meta/format') expect(now).toEqual(value);
        continue;
      }
      expect(now).not.toHaveProperty('record');
      expect(decodeRow(now as JsonValue, ownerOf(key))).toEqual(value as unknown as RecordRow);
      expect(JSON.stringify(now).length).toBeLessThan(JSON.stringify(value).length);
    }

    // What the app and the sync engine see.
    expect(store.get('heroes', LUNA)).toMatchObject({ age: 7, syncStatus: 'pendingUpdate' });
    expect(store.get('heroes', NOVA)).toMatchObject({ name: 'Nova', serverId: null });
    expect(store.get('heroes', NOVA)?.syncStatus).toBe('pendingCreate');
    expect(store.get('customEvents', EVENT)).toBeUndefined();
    expect(store.getStored('customEvents', EVENT)?.syncStatus).toBe('pendingDelete');
    expect(store.get('heroes', SOL)).toMatchObject({
      name: 'Sol (device)',
      syncStatus: 'conflict',
      syncError: { kind: 'conflict', status: 409 },
    });
    expect(store.get('stories', STORY)).toMatchObject({ title: '', syncStatus: 'failed' });
    expect(store.get('stories', STORY2)).toMatchObject({ heroId: NOVA });
    expect(store.get('heroes', ADA)).toMatchObject({
      name: 'Ada Lovelace',
      serverId: 'cmhero000000000000000ada1',
      syncStatus: 'pendingUpdate',
    });
    expect(store.toLocalId('heroes', 'cmhero000000000000000ada1')).toBe(ADA);
    expect(store.outbox.get(store.entriesOf('heroes', MIRA)[0]?.mutationId ?? '')).toMatchObject({
      attempts: 1,
      retryAfterMs: 5_000,
      lastError: { kind: 'server', status: 503 },
    });
    expect(store.outbox.entries().map((e) => [e.collection, e.localId, e.op, e.status])).toEqual([
      ['heroes', LUNA, 'update', 'pending'],
      ['heroes', NOVA, 'create', 'pending'],
      ['customEvents', EVENT, 'delete', 'pending'],
      ['stories', STORY2, 'create', 'pending'],
      ['heroes', SOL, 'update', 'conflict'],
      ['stories', STORY, 'update', 'failed'],
      ['heroes', MIRA, 'update', 'pending'],
      ['heroes', ADA, 'update', 'pending'],
    ]);
    expect(readSuperseded(store)).toMatchObject([{ id: 'sup-1', recordId: LUNA }]);
    expect(store.getMeta('sync.cursor.heroes')).toBe('2026-11-12T08:00:00.000Z');

    // Writes on migrated rows, then a second open reads format 3 without migrating.
    await store.update('heroes', NOVA, { age: 6 });
    await store.outbox.discard(store.entriesOf('stories', STORY)[0]?.mutationId ?? '');
    await store.close();
    const again = await openLocalStore({ storage, userId: fixture.userId });
    expect(again.opened).toEqual({ foundVersion: 3, migrated: false });
    expect(again.get('heroes', NOVA)).toMatchObject({ age: 6, syncStatus: 'pendingCreate' });
    expect(again.outbox.get(again.entriesOf('heroes', NOVA)[0]?.mutationId ?? '')?.patch).toEqual({
      name: 'Nova',
      age: 6,
      traits: ['curious'],
      createdAt: '2026-11-20T10:00:05.000Z',
      updatedAt: '2026-11-20T10:00:05.000Z',
    });
    expect(again.get('stories', STORY)).toMatchObject({ title: 'The moon', syncStatus: 'synced' });
    expect(again.outbox.pendingCount).toBe(7);
    await again.close();
    await storage.close();
  });
});
