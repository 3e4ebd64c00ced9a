/**
 * Pulled rows are made ready while their listing is on its way (`prepared-rows.ts`): the apply
 * takes a prepared record data as it is, and only while it still fits the store: a create
 * acknowledged in between (its server id now names a local record) makes the apply build the
 * data again, for the right record and with the right references.
 */
import { describe, expect, it } from 'vitest';
import type { ServerRow } from '../../src/store/id-map.js';
import type { LocalStore } from '../../src/store/local-store.js';
import { openTestStore, serverRow } from './helpers.js';

const hero = (name: string) => ({ name, age: 5, traits: ['brave'] });
const asRow = (row: object): ServerRow => row as unknown as ServerRow;

/** Creates a hero locally and acknowledges its create with server id `serverId`. */
async function createAcked(store: LocalStore, serverId: string): Promise<string> {
  const created = await store.create('heroes', hero('Luna'));
  const entry = store.entriesOf('heroes', created.id)[0];
  if (!entry) throw new Error('no entry');
  await store.outbox.markInFlight(entry.mutationId);
  await store.outbox.ack(entry.mutationId, asRow(serverRow(serverId, hero('Luna'))));
  return created.id;
}

describe('prepared pulled rows', () => {
  it('a row prepared before its apply is stored as prepared, equal to an unprepared apply', async () => {
    const { store } = await openTestStore();
    const { store: plain } = await openTestStore();
    const row = asRow(serverRow('s1', hero('Sol')));
    store.prepared.prepare('heroes', [row]);
    const prepared = store.prepared.take('heroes', row, 's1');
    expect(prepared).toMatchObject({ id: 's1', serverId: 's1', name: 'Sol' });
    expect(Object.isFrozen(prepared)).toBe(true);

    await store.applyServerRows('heroes', [row]);
    await plain.applyServerRows('heroes', [asRow(serverRow('s1', hero('Sol')))]);
    expect(store.get('heroes', 's1')).toBe(prepared);
    expect(store.get('heroes', 's1')).toEqual(plain.get('heroes', 's1'));
    expect(store.getStored('heroes', 's1')).toEqual(plain.getStored('heroes', 's1'));
    await store.close();
    await plain.close();
  });

  it('a row whose server id was acknowledged to a local record meanwhile updates that record', async () => {
    const { store } = await openTestStore();
    const row = asRow(serverRow('s1', hero('Sol'), '2026-01-02T00:00:00.000Z'));
    store.prepared.prepare('heroes', [row]);
    const localId = await createAcked(store, 's1');
    expect(localId).not.toBe('s1');
    expect(store.prepared.take('heroes', row, localId)).toBeUndefined();

    await store.applyServerRows('heroes', [row]);
    expect(store.get('heroes', localId)).toMatchObject({
      id: localId,
      serverId: 's1',
      name: 'Sol',
    });
    expect(store.get('heroes', 's1')).toBeUndefined();
    expect(store.list('heroes')).toHaveLength(1);
    await store.close();
  });

  it('a row whose reference was acknowledged to a local record meanwhile names that record', async () => {
    const { store } = await openTestStore();
    const story = asRow(serverRow('st1', { heroId: 'h1', title: 't', content: 'c' }));
    store.prepared.prepare('stories', [story]);
    expect(store.prepared.take('stories', story, 'st1')).toMatchObject({ heroId: 'h1' });
    const heroId = await createAcked(store, 'h1');
    expect(store.prepared.take('stories', story, 'st1')).toBeUndefined();

    await store.applyServerRows('stories', [story]);
    expect(store.get('stories', 'st1')).toMatchObject({ id: 'st1', heroId, title: 't' });
    await store.close();
  });

  it('rows of records with queued changes are not prepared: they are merged instead', async () => {
    const { store } = await openTestStore();
    await store.applyServerRows('heroes', [asRow(serverRow('s1', hero('Sol')))]);
    await store.update('heroes', 's1', { name: 'Sun' });
    const row = asRow(serverRow('s1', hero('Star'), '2026-01-02T00:00:00.000Z'));
    store.prepared.prepare('heroes', [row]);
    expect(store.prepared.take('heroes', row, 's1')).toBeUndefined();
    const { applied, pending } = await store.applyServerRows('heroes', [row]);
    expect(applied).toEqual([]);
    expect(pending).toEqual([{ localId: 's1', row }]);
    expect(store.get('heroes', 's1')?.name).toBe('Sun');
    await store.close();
  });
});
