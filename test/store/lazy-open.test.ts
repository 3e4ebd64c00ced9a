/**
 * Opening builds nothing per row: each collection's records, outbox entries and row revisions
 * are built from the rows as read on first use. These tests hold the store to what building
 * everything at open gave: the same records, outbox, counters and conflicts, whatever is used
 * first — a read of another collection, a write to a record never read, the outbox, a sign-out.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { isStorageError } from '../../src/errors/index.js';
import type { CollectionName, SyncErrorInfo } from '../../src/model/types.js';
import { memoryStorage } from '../../src/storage-adapters/memory-storage.js';
import { sqliteStorage } from '../../src/storage-adapters/sqlite-storage.js';
import type { JsonValue, StorageAdapter } from '../../src/storage-adapters/storage-adapter.js';
import { keyLayout } from '../../src/store/keys.js';
import { type LocalStore, openLocalStore } from '../../src/store/local-store.js';
import { decodeRow } from '../../src/store/row-codec.js';
import type { StoreCore } from '../../src/store/store-core.js';
import { serverRow, testClock, testIds } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'sdk-lazy-open-'));
const opened: StorageAdapter[] = [];
let files = 0;
afterAll(async () => {
  for (const storage of opened) await storage.close().catch(() => {});
  rmSync(dir, { recursive: true, force: true });
});

const storages: Record<string, () => StorageAdapter> = {
  memory: () => memoryStorage(),
  sqlite: () => sqliteStorage(new Database(join(dir, `lazy-${++files}.db`))),
};

const error = (kind: SyncErrorInfo['kind'], status: number): SyncErrorInfo => ({
  kind,
  message: `refused (${status})`,
  status,
  code: null,
  at: 1,
});

let stores = 0;
async function open(storage: StorageAdapter): Promise<LocalStore> {
  if (!opened.includes(storage)) opened.push(storage);
  return openLocalStore({
    storage,
    userId: 'u1',
    now: testClock(),
    newId: testIds(`s${++stores}`),
  });
}

const hero = (name: string) => ({ name, age: 5, traits: ['brave'] });

/** Synced, pending create/update/delete, failed and conflicted heroes; synced and new stories. */
async function seed(storage: StorageAdapter): Promise<void> {
  const store = await open(storage);
  await store.applyServerRows(
    'heroes',
    ['h1', 'h2', 'h3', 'h4', 'h5'].map((id) => serverRow(id, hero(id))),
  );
  await store.applyServerRows(
    'stories',
    ['s1', 's2'].map((id) => serverRow(id, { heroId: 'h1', title: id, content: 'Once…' })),
  );
  await store.create('heroes', hero('new'));
  await store.update('heroes', 'h2', { age: 7 });
  await store.delete('heroes', 'h3');
  await store.update('heroes', 'h4', { name: 'Failing' });
  await store.update('heroes', 'h5', { name: 'Conflicting' });
  await store.create('stories', { heroId: 'h1', title: 'Draft', content: '…' });
  const byLocalId = (id: string) =>
    store.outbox.entries().find((entry) => entry.localId === id)?.mutationId as string;
  await store.outbox.markInFlight(byLocalId('h4'));
  await store.outbox.fail(byLocalId('h4'), error('permanent', 400));
  await store.outbox.markConflict(byLocalId('h5'), error('conflict', 409));
  await store.close();
}

/** Everything a store shows: records (hidden ones too), lists, outbox and its counters. */
function everything(store: LocalStore) {
  const collections: CollectionName[] = ['heroes', 'stories', 'customEvents'];
  return {
    counts: store.outbox.counts(),
    outbox: store.outbox.entries(),
    snapshot: store.outbox.getSnapshot(),
    stored: collections.map((collection) => [...store.storedRecords(collection)]),
    lists: collections.map((collection) => store.list(collection)),
  };
}

function built(store: LocalStore, collection: CollectionName): number {
  const { state } = (store as unknown as { core: StoreCore }).core;
  return state.builtRecordsOf(collection).size;
}

describe.each(Object.entries(storages))('opening on %s storage', (_, storage) => {
  it('counts the outbox at once and builds each collection only when it is used', async () => {
    const shared = storage();
    await seed(shared);
    const eager = everything(await open(shared));
    const store = await open(shared);
    // Nothing built yet, but the counters are exact (the sync status reads them at once).
    expect(store.outbox.counts()).toEqual({ pendingCount: 6, failedCount: 1, conflictCount: 1 });
    expect(built(store, 'heroes')).toBe(0);
    expect(store.list('heroes').map((record) => record.id)).toEqual(
      eager.lists[0]?.map((record) => record.id),
    );
    expect(built(store, 'heroes')).toBe(6);
    expect(built(store, 'stories')).toBe(0);
    expect(store.get('heroes', 'h3')).toBeUndefined();
    expect(store.get('heroes', 'h5')).toMatchObject({
      syncStatus: 'conflict',
      name: 'Conflicting',
    });
    expect(everything(store)).toEqual(eager);
  });

  it('counts the records with a server id without building them (a round’s delete check)', async () => {
    const shared = storage();
    await seed(shared);
    const eager = await open(shared);
    const withServerId = (collection: CollectionName, skip: string[] = []) =>
      [...eager.storedRecords(collection)].filter(
        (record) => record.serverId !== null && !skip.includes(record.id),
      ).length;
    const store = await open(shared);
    // h1–h5 came from the server; "new" is a pending create (no server id yet).
    expect(store.countWithServerId('heroes', new Set())).toBe(withServerId('heroes'));
    expect(withServerId('heroes')).toBe(5);
    expect(store.countWithServerId('heroes', new Set(['h2']))).toBe(4);
    expect(store.countWithServerId('stories', new Set())).toBe(withServerId('stories'));
    expect(store.countWithServerId('customEvents', new Set())).toBe(0);
    expect(built(store, 'heroes')).toBe(0);
    expect(built(store, 'stories')).toBe(0);
    // Built (a read by id builds the record map; a list no longer does), it counts the same.
    store.get('heroes', 'h1');
    expect(built(store, 'heroes')).toBeGreaterThan(0);
    expect(store.countWithServerId('heroes', new Set(['h2']))).toBe(4);
  });

  it('keeps the count in step with every write once built (creates, acks, pulls, removals, a failed commit)', async () => {
    const shared = storage();
    await seed(shared);
    const store = await open(shared);
    const recount = (collection: CollectionName, skip: string[] = []) =>
      [...store.storedRecords(collection)].filter(
        (record) => record.serverId !== null && !skip.includes(record.id),
      ).length;
    const check = () => {
      for (const collection of ['heroes', 'stories'] as const) {
        expect(store.countWithServerId(collection, new Set())).toBe(recount(collection));
        expect(store.countWithServerId(collection, new Set(['h2', 's1', 'nope']))).toBe(
          recount(collection, ['h2', 's1']),
        );
      }
    };
    store.list('heroes');
    check();
    const created = await store.create('heroes', hero('later'));
    check();
    const entry = store.entriesOf('heroes', created.id)[0];
    if (!entry) throw new Error('no entry');
    await store.outbox.markInFlight(entry.mutationId);
    await store.outbox.ack(entry.mutationId, serverRow('h9', hero('later')));
    check();
    await store.applyServerRows('heroes', [serverRow('h10', hero('pulled'))]);
    await store.applyServerRows('stories', [
      serverRow('s9', { heroId: 'h1', title: 't', content: 'c' }),
    ]);
    check();
    await store.removeRecords('heroes', ['h1', 'h10']);
    check();
    const before = store.countWithServerId('heroes', new Set());
    const failing = shared as StorageAdapter & { transact?: unknown };
    const { batch, transact } = failing;
    const refuse = async () => {
      throw new Error('disk full');
    };
    Object.assign(failing, { batch: refuse, transact: transact && refuse });
    await expect(
      store.applyServerRows('heroes', [serverRow('h11', hero('lost'))]),
    ).rejects.toSatisfy(isStorageError);
    Object.assign(failing, { batch, transact });
    expect(store.countWithServerId('heroes', new Set())).toBe(before);
    check();
  });

  it('writes to records never read, and sends before any read, as if all had been built', async () => {
    const shared = storage();
    await seed(shared);
    const store = await open(shared);
    // A write to a record of a collection nothing has read yet.
    await store.update('stories', 's2', { title: 'Renamed' });
    await store.update('heroes', 'h2', { age: 8 });
    const pending = store.outbox.entries();
    expect(pending).toHaveLength(7);
    expect(new Set(pending.map((entry) => entry.seq)).size).toBe(7);
    expect(pending.filter((entry) => entry.localId === 'h2')).toMatchObject([
      { op: 'update', patch: { age: 8 } },
    ]);
    const first = store.outbox.sendable()[0];
    expect(first).toMatchObject({ collection: 'heroes', op: 'create', patch: { name: 'new' } });
    await store.outbox.markInFlight(first?.mutationId as string);
    await store.close();
    const reopened = await open(shared);
    expect(reopened.get('stories', 's2')).toMatchObject({ title: 'Renamed' });
    expect(reopened.get('heroes', 'h2')).toMatchObject({ age: 8, syncStatus: 'pendingUpdate' });
    expect(reopened.outbox.get(first?.mutationId as string)?.attempts).toBe(1);
    expect(reopened.outbox.counts()).toEqual({
      pendingCount: 7,
      failedCount: 1,
      conflictCount: 1,
    });
  });

  it('a sign-out before a collection was built counts and forgets everything', async () => {
    const shared = storage();
    await seed(shared);
    const store = await open(shared);
    const heroes = store.observe('heroes');
    let told = 0;
    heroes.subscribe(() => told++);
    expect(heroes.getSnapshot()).toHaveLength(5);
    // What a sign-out does: close (writes settle), count what is left, then forget.
    await store.close();
    expect(store.outbox.entries()).toHaveLength(6);
    store.forget();
    expect(told).toBe(1);
    expect(heroes.getSnapshot()).toEqual([]);
    expect(store.list('stories')).toEqual([]);
    expect(store.get('stories', 's1')).toBeUndefined();
    expect(store.outbox.counts()).toEqual({ pendingCount: 0, failedCount: 0, conflictCount: 0 });
    // Storage keeps everything for the next sign-in.
    const again = await open(shared);
    expect(again.list('stories')).toHaveLength(3);
  });
});

describe('another client writes rows this store has not built yet', () => {
  it('a full refresh takes in its edits and removals', async () => {
    const shared = memoryStorage();
    await seed(shared);
    const other = await open(shared);
    const store = await open(shared);
    await other.update('stories', 's1', { title: 'Edited elsewhere' });
    const created = other.outbox
      .entries()
      .find((entry) => entry.collection === 'heroes' && entry.op === 'create');
    await other.outbox.discard(created?.mutationId as string);
    expect(await store.shared.refresh()).toBeGreaterThan(0);
    expect(store.get('stories', 's1')).toMatchObject({ title: 'Edited elsewhere' });
    expect(store.get('heroes', created?.localId as string)).toBeUndefined();
    expect(store.list('heroes')).toHaveLength(4);
    expect(store.outbox.entries().map((entry) => entry.mutationId)).toEqual(
      other.outbox.entries().map((entry) => entry.mutationId),
    );
  });

  it('a create under a new id, batched with an edit of a row the other client changed, keeps both', async () => {
    const inner = memoryStorage();
    await seed(inner);
    /** The keys each record transaction read. */
    const reads: string[][] = [];
    const shared: StorageAdapter = {
      ...inner,
      transact: (keys, plan) => {
        if (keys.some((key) => key.includes('/rec/'))) reads.push([...keys]);
        if (!inner.transact) throw new Error('the memory storage has no transact');
        return inner.transact(keys, plan);
      },
    };
    const other = await open(shared);
    const store = await open(shared);
    await other.update('heroes', 'h1', { name: 'Renamed elsewhere' });
    reads.length = 0;
    // Nothing of the heroes is built in `store` yet. While a first write is being made, a
    // create (under an id the store makes) and an edit of h1 wait, and go in one batch.
    const first = store.update('stories', 's1', { title: 'First' });
    const created = store.create('heroes', hero('Fresh'));
    const edited = store.update('heroes', 'h1', { age: 9 });
    const [, fresh] = await Promise.all([first, created, edited]);

    expect(reads).toHaveLength(2);
    const batch = reads[1] ?? [];
    // The new row is not read (nothing can be stored there); h1 is, and is rebased.
    expect(batch.some((key) => key.endsWith(`/heroes/${fresh.id}`))).toBe(false);
    expect(batch.some((key) => key.endsWith('/heroes/h1'))).toBe(true);
    const reopened = await open(shared);
    for (const view of [store, reopened]) {
      expect(view.get('heroes', fresh.id)).toMatchObject({
        name: 'Fresh',
        syncStatus: 'pendingCreate',
      });
      expect(view.get('heroes', 'h1')).toMatchObject({ name: 'Renamed elsewhere', age: 9 });
      expect(view.get('stories', 's1')).toMatchObject({ title: 'First' });
    }
    // (Two clients can give entries of different records the same seq: compared by id.)
    const byId = (view: LocalStore) =>
      [...view.outbox.entries()].sort((x, y) => (x.mutationId < y.mutationId ? -1 : 1));
    expect(byId(reopened)).toEqual(byId(store));
    expect(reopened.outbox.counts()).toEqual(store.outbox.counts());
  });
});

describe('SQLite: rows are decoded when their collection is first used', () => {
  /** The same SQLite storage without its text scan: every row decoded as read. */
  const decodedAsRead = (inner: StorageAdapter): StorageAdapter => ({
    get: (key) => inner.get(key),
    getMany: (keys) => inner.getMany(keys),
    scan: (prefix) => inner.scan(prefix),
    batch: (ops) => inner.batch(ops),
    transact: (keys, plan) =>
      (inner.transact as NonNullable<StorageAdapter['transact']>)(keys, plan),
    close: async () => {},
  });

  it('gives what decoding every row at open gave', async () => {
    const shared = storages.sqlite?.() as StorageAdapter;
    await seed(shared);
    const asRead = await open(decodedAsRead(shared));
    const counts = asRead.outbox.counts();
    const expected = everything(asRead);
    const store = await open(shared);
    expect(store.outbox.counts()).toEqual(counts);
    expect(store.get('heroes', 'h4')).toEqual(asRead.get('heroes', 'h4'));
    expect(everything(store)).toEqual(expected);
  });

  it('counts entries wherever the row text holds them, and format-2 rows alike', async () => {
    const db = new Database(join(dir, `lazy-${++files}.db`));
    const shared = sqliteStorage(db, { closeDatabase: false });
    opened.push(shared);
    await seed(shared);
    const store = await open(shared);
    // Rows whose entries are not where this build's encoder puts them (last but for `rev`):
    // a format-3 row with its keys in another order, with an entry that has a long error,
    // and a row as an older build writes it (`{ record, outbox, rev }`), keys reordered too.
    const failing = store.outbox.entries().find((entry) => entry.localId === 'h2');
    await store.outbox.markInFlight(failing?.mutationId as string);
    await store.outbox.fail(failing?.mutationId as string, {
      ...error('permanent', 422),
      message: 'x'.repeat(600),
    });
    await store.close();
    const rewrite = (localId: string, change: (stored: Record<string, unknown>) => object) => {
      const key = keyLayout('u1').record('heroes', localId);
      const text = db
        .prepare('SELECT value FROM infinitestories_kv WHERE key = ?')
        .pluck()
        .get(key);
      const next = change(JSON.parse(text as string) as Record<string, unknown>);
      db.prepare('UPDATE infinitestories_kv SET value = ? WHERE key = ?').run(
        JSON.stringify(next),
        key,
      );
    };
    rewrite('h2', ({ o, ...rest }) => ({ o, ...rest }));
    rewrite('h4', (stored) => {
      const { record, outbox, rev } = decodeRow(stored as JsonValue, {
        collection: 'heroes',
        localId: 'h4',
      });
      return { outbox, record, rev };
    });
    const asRead = await open(decodedAsRead(shared));
    const reopened = await open(shared);
    expect(reopened.outbox.counts()).toEqual({
      pendingCount: 6,
      failedCount: 2,
      conflictCount: 1,
    });
    expect(reopened.outbox.counts()).toEqual(asRead.outbox.counts());
    expect(everything(reopened)).toEqual(everything(asRead));
  });

  it('a row the SDK did not write fails the first use of its collection, not the others', async () => {
    const db = new Database(join(dir, `lazy-${++files}.db`));
    const shared = sqliteStorage(db, { closeDatabase: false });
    opened.push(shared);
    await seed(shared);
    db.prepare('UPDATE infinitestories_kv SET value = ? WHERE key = ?').run(
      '{"d":',
      keyLayout('u1').record('stories', 's1'),
    );
    const store = await open(shared);
    expect(store.outbox.counts()).toEqual({ pendingCount: 6, failedCount: 1, conflictCount: 1 });
    expect(store.list('heroes')).toHaveLength(5);
    await store.update('heroes', 'h1', { age: 9 });
    expect(store.get('heroes', 'h1')).toMatchObject({ age: 9 });
    let thrown: unknown;
    try {
      store.list('stories');
    } catch (error) {
      thrown = error;
    }
    expect(isStorageError(thrown)).toBe(true);
    expect((thrown as Error).message).toMatch(/rec\/stories\/s1" is corrupt JSON/);
    // Every later use fails the same way: never a list missing the rows after the bad one.
    for (let i = 0; i < 2; i++) {
      expect(() => store.list('stories')).toThrow(/rec\/stories\/s1" is corrupt JSON/);
    }
    expect(() => store.get('stories', 's2')).toThrow(/corrupt JSON/);
  });
});
