import { describe, expect, it } from 'vitest';
import { memoryStorage } from '../storage-adapters/memory-storage.js';
import { openLocalStore } from '../store/local-store.js';
import { type ChangeMessage, memoryChangeChannels } from './change-channel.js';
import { Presence } from './presence.js';

const settle = () => new Promise<void>((resolve) => setImmediate(resolve));
const hero = { name: 'Luna', age: 5, traits: ['brave'] };

/** A store whose writes go through a {@link Presence}, and what another client hears of it. */
async function world(options: { holdsLock: boolean; after?: (error?: unknown) => void }) {
  const storage = memoryStorage();
  const channels = memoryChangeChannels();
  const store = await openLocalStore({ storage, userId: 'u' });
  const channel = channels();
  let stop = () => {};
  const stopped = new Promise<void>((resolve) => {
    stop = resolve;
  });
  const errors: unknown[] = [];
  let holds = options.holdsLock;
  const presence = new Presence({
    clientId: 'a',
    channel,
    rows: store.shared,
    holdsLock: () => holds,
    stopped,
    after:
      options.after ??
      ((error) => {
        if (error !== undefined) errors.push(error);
      }),
  });
  channel.subscribe((message) => presence.hear(message));
  presence.open();
  const other = channels();
  const heard: ChangeMessage[] = [];
  other.subscribe((message) => heard.push(message));
  /** What the other client heard since the last call: `keys` or the presence kind. */
  const drain = async (): Promise<string[]> => {
    await settle();
    return heard.splice(0).map((m) => m.presence ?? `${m.keys.length} key(s)`);
  };
  const say = (message: Omit<ChangeMessage, 'source' | 'keys'> & { keys?: string[] }) =>
    other.post({ source: 'b', keys: [], ...message });
  return {
    storage,
    store,
    presence,
    drain,
    say,
    errors,
    setHolds: (on: boolean) => {
      holds = on;
    },
    async close() {
      presence.close();
      stop();
      await store.close();
    },
  };
}

describe('Presence', () => {
  it('a lock holder that never heard anyone posts none of its writes; after a hello, each write, and the earlier ones once (refresh)', async () => {
    const w = await world({ holdsLock: true });
    await w.drain(); // its own hello went out before the other listened
    await w.store.create('heroes', hero);
    await w.store.create('heroes', hero);
    expect(await w.drain()).toEqual([]);
    w.say({ presence: 'hello' });
    expect(await w.drain()).toEqual(['refresh']);
    await w.store.create('heroes', hero);
    await w.store.create('heroes', hero);
    w.say({ presence: 'hello' }); // a third client: answered, nothing to refresh any more
    expect(await w.drain()).toEqual(['1 key(s)', '1 key(s)', 'here']);
    await w.close();
  });

  it('a client that does not hold the lock posts every write', async () => {
    const w = await world({ holdsLock: false });
    await w.store.create('heroes', hero);
    expect(await w.drain()).toEqual(['1 key(s)']);
    // It takes the lock later: it said hello, and nobody answered yet. Alone from then on.
    w.setHolds(true);
    await w.store.create('heroes', hero);
    expect(await w.drain()).toEqual([]);
    w.say({ keys: ['x'] }); // an older build's write: no hello, but someone is there
    expect(await w.drain()).toEqual(['refresh']);
    await w.close();
  });

  it('answers a hello with here when it has nothing unannounced, and closes with a refresh when it has', async () => {
    const w = await world({ holdsLock: true });
    w.say({ presence: 'hello' });
    expect(await w.drain()).toEqual(['here']);
    await w.close();
    const alone = await world({ holdsLock: true });
    await alone.store.create('heroes', hero);
    await alone.drain();
    alone.presence.close();
    expect(await alone.drain()).toEqual(['refresh']);
    alone.presence.close();
    expect(await alone.drain()).toEqual([]);
    // A write that becomes durable after the close (still holding the lock): posted.
    await alone.store.create('heroes', hero);
    expect(await alone.drain()).toEqual(['1 key(s)']);
    await alone.close();
  });

  it('a refresh from another client re-reads every row; a takeover tells the others to', async () => {
    const w = await world({ holdsLock: false });
    const elsewhere = await openLocalStore({ storage: w.storage, userId: 'u' });
    const created = await elsewhere.create('heroes', hero);
    expect(w.store.get('heroes', created.id)).toBeUndefined();
    w.say({ presence: 'refresh' });
    await settle();
    await settle();
    expect(w.store.get('heroes', created.id)).toMatchObject({ name: 'Luna' });
    expect(w.errors).toEqual([]);
    await w.drain();
    w.presence.tookOver();
    expect(await w.drain()).toEqual(['refresh']);
    await elsewhere.close();
    await w.close();
  });

  it('a callback that throws after a refresh read does not fail the close', async () => {
    let calls = 0;
    const w = await world({
      holdsLock: false,
      after: () => {
        calls++;
        throw new Error('the app logger failed');
      },
    });
    w.say({ presence: 'refresh' });
    await settle();
    await settle();
    expect(calls).toBe(1);
    await expect(w.presence.close()).resolves.toBeUndefined();
    await w.close();
  });
});
