// Two stores over one storage (two tabs, an app and its background task, two processes):
// neither overwrites the other's writes, on every built-in adapter.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type { OutboxEntry } from '../../src/model/types.js';
import { indexedDBStorage } from '../../src/storage-adapters/indexeddb-storage.js';
import { memoryStorage } from '../../src/storage-adapters/memory-storage.js';
import { sqliteStorage } from '../../src/storage-adapters/sqlite-storage.js';
import type { StorageAdapter } from '../../src/storage-adapters/storage-adapter.js';
import { type LocalStore, openLocalStore } from '../../src/store/local-store.js';
import { serverRow, testClock, testIds } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'sdk-shared-'));
let counter = 0;
const opened: StorageAdapter[] = [];

/** Two adapters over one storage (the memory adapter is simply shared). */
const storages: Record<string, () => [StorageAdapter, StorageAdapter]> = {
  memory: () => {
    const shared = memoryStorage();
    return [shared, shared];
  },
  indexeddb: () => {
    const dbName = `shared-${++counter}`;
    return [indexedDBStorage({ dbName }), indexedDBStorage({ dbName })];
  },
  'sqlite (two connections)': () => {
    const file = join(dir, `shared-${++counter}.db`);
    return [sqliteStorage(new Database(file)), sqliteStorage(new Database(file))];
  },
};

afterAll(async () => {
  for (const storage of opened) await storage.close().catch(() => {});
});

async function open(storage: StorageAdapter, name: string): Promise<LocalStore> {
  opened.push(storage);
  return openLocalStore({ storage, userId: 'u1', now: testClock(), newId: testIds(name) });
}

const hero = { name: 'Luna', age: 5, traits: ['brave'] };

describe.each(Object.entries(storages))('two stores over one %s storage', (_, pair) => {
  it('both edit one record offline: both edits survive, coalesced as by one client', async () => {
    const [first, second] = pair();
    const a = await open(first, 'a');
    const created = await a.create('heroes', hero);
    const b = await open(second, 'b');
    await a.update('heroes', created.id, { name: 'Luna II' });
    // b still holds the row as it was before a's rename, and writes another field.
    await b.update('heroes', created.id, { age: 9 });
    expect(b.get('heroes', created.id)).toMatchObject({ name: 'Luna II', age: 9 });
    const reopened = await open(first, 'c');
    expect(reopened.get('heroes', created.id)).toMatchObject({ name: 'Luna II', age: 9 });
    const entries = reopened.outbox.entries();
    expect(entries.map((e) => [e.op, e.patch])).toEqual([
      ['create', { ...hero, name: 'Luna II', age: 9 }],
    ]);
  });

  it('concurrent writes of two stores to one record all survive', async () => {
    const [first, second] = pair();
    const a = await open(first, 'a');
    await a.applyServerRows('heroes', [serverRow('h1', hero)]);
    const b = await open(second, 'b');
    await Promise.all([
      a.update('heroes', 'h1', { name: 'A1' }),
      b.update('heroes', 'h1', { age: 1 }),
      a.update('heroes', 'h1', { traits: ['a'] }),
      b.update('heroes', 'h1', { age: 2 }),
    ]);
    const reopened = await open(first, 'c');
    expect(reopened.get('heroes', 'h1')).toMatchObject({ name: 'A1', age: 2, traits: ['a'] });
    const patches = reopened.outbox.entries().map((e) => e.patch);
    expect(Object.assign({}, ...patches)).toEqual({ name: 'A1', age: 2, traits: ['a'] });
  });

  it('a write while the other store sends never joins the entry being sent', async () => {
    const [first, second] = pair();
    const a = await open(first, 'a');
    await a.applyServerRows('heroes', [serverRow('h1', hero)]);
    await a.update('heroes', 'h1', { name: 'Sent' });
    const b = await open(second, 'b');
    const sending = a.outbox.entries()[0] as OutboxEntry;
    const sent = await a.outbox.markInFlight(sending.mutationId);
    await b.update('heroes', 'h1', { age: 7 });
    await a.outbox.ack(
      sent.mutationId,
      serverRow('h1', { ...hero, name: 'Sent' }, '2026-01-02T00:00:00.000Z'),
    );
    const reopened = await open(first, 'c');
    expect(reopened.get('heroes', 'h1')).toMatchObject({ name: 'Sent', age: 7 });
    expect(reopened.outbox.entries().map((e) => [e.op, e.patch])).toEqual([['update', { age: 7 }]]);
  });

  it('an entry changed by the other store before it was sent is sent as changed', async () => {
    const [first, second] = pair();
    const a = await open(first, 'a');
    await a.applyServerRows('heroes', [serverRow('h1', hero)]);
    await a.update('heroes', 'h1', { name: 'N' });
    const b = await open(second, 'b');
    await b.update('heroes', 'h1', { age: 3 });
    const sent = await a.outbox.markInFlight((a.outbox.entries()[0] as OutboxEntry).mutationId);
    expect(sent.patch).toEqual({ name: 'N', age: 3 });
    expect(sent.attempts).toBe(1);
  });

  it("a record's entries stay in commit order when two stores took one seq", async () => {
    const [first, second] = pair();
    // The second store's mutation ids sort before the first's: the order cannot come from them.
    const a = await open(first, 'z');
    await a.applyServerRows('heroes', [serverRow('h1', hero)]);
    const b = await open(second, 'b');
    await a.update('heroes', 'h1', { name: 'First' }); // neither has seen the other's: seq 1
    const sending = await a.outbox.markInFlight((a.outbox.entries()[0] as OutboxEntry).mutationId);
    await b.update('heroes', 'h1', { name: 'Second' }); // cannot join the entry being sent
    expect(b.get('heroes', 'h1')).toMatchObject({ name: 'Second' });
    const names = (store: LocalStore) => store.outbox.entries().map((e) => e.patch?.name);
    expect(names(b)).toEqual(['First', 'Second']);
    await a.shared.refresh();
    expect(names(a)).toEqual(['First', 'Second']);
    const reopened = await open(first, 'c');
    expect(names(reopened)).toEqual(['First', 'Second']);
    expect(reopened.outbox.entries()[0]?.mutationId).toBe(sending.mutationId);
  });

  it('creates of two stores that took one seq are in the same outbox order on both', async () => {
    const [first, second] = pair();
    const a = await open(first, 'a');
    const b = await open(second, 'b');
    await a.create('heroes', hero); // neither has seen the other's: both take seq 1
    await b.create('heroes', { ...hero, name: 'Sol' });
    await Promise.all([a.shared.refresh(), b.shared.refresh()]);
    const order = (store: LocalStore) => store.outbox.entries().map((e) => [e.seq, e.mutationId]);
    expect(order(a)).toHaveLength(2);
    expect(order(b)).toEqual(order(a));
    expect(order(await open(first, 'c'))).toEqual(order(a));
  });

  it('a removal the server asked for keeps the record when the other store queued an edit of it', async () => {
    const [first, second] = pair();
    const a = await open(first, 'a');
    await a.applyServerRows('heroes', [serverRow('h1', hero)]);
    const b = await open(second, 'b');
    await b.update('heroes', 'h1', { name: 'Edited in b' });
    // a has not seen b's edit: it removes h1 as a reconciliation would (gone from the server).
    // The result says what storage holds: h1 kept, not removed (the reconciler emits a
    // remote delete and detaches stories only for what it reports removed).
    expect(await a.removeRecords('heroes', ['h1'])).toEqual({
      removed: [],
      kept: [{ collection: 'heroes', localId: 'h1' }],
    });
    // The edit keeps its record: it goes out, and the server's 404 takes it to the
    // remote-delete rules (an entry without its record could never be sent).
    for (const store of [a, await open(first, 'c')]) {
      expect(store.get('heroes', 'h1')).toMatchObject({
        name: 'Edited in b',
        syncStatus: 'pendingUpdate',
      });
      expect(store.outbox.entries().map((e) => [e.localId, e.patch])).toEqual([
        ['h1', { name: 'Edited in b' }],
      ]);
    }
  });
});
