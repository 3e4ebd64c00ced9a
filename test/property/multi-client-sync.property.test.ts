/**
 * Issue 10: 2–4 clients over one storage, each with its store, sync engine and coordination
 * (storage lease, change record, channel), against the fake backend. Random interleavings of
 * creates, updates, `syncNow()` on any client, restarts, crashes (a client dropped without a
 * word, its lease left to expire), lost acknowledgements, and clients that open late (joins:
 * until then the first client may be alone, its writes not posted; 0042). After healing:
 *
 * - the server holds no duplicate (every create carries a unique name);
 * - no resolved write is lost: every created hero is on the server with its last resolved age;
 * - every client shows exactly the server's heroes.
 *
 * `NUM_RUNS` sets the number of runs (CI: 30, about 3–6 s); `SEED` replays a failure.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createApiClient } from '../../src/api/api-client.js';
import { memoryChangeChannels } from '../../src/coordination/change-channel.js';
import { openCoordinatedStorage } from '../../src/coordination/coordinated-storage.js';
import { storagePushLease } from '../../src/coordination/push-lease.js';
import { type StoreSharing, shareStore } from '../../src/coordination/share-store.js';
import { SyncRequests, syncRequestsKey } from '../../src/coordination/sync-requests.js';
import { memoryStorage } from '../../src/storage-adapters/memory-storage.js';
import { type LocalStore, openLocalStore } from '../../src/store/local-store.js';
import { createSyncEngine, type SyncEngine } from '../../src/sync/sync-engine.js';
import { createFakeBackend, type FakeBackend } from '../../src/testing/index.js';

const NUM_RUNS = Number(process.env.NUM_RUNS ?? 30);
const SEED = process.env.SEED === undefined ? undefined : Number(process.env.SEED);

type Op =
  | { kind: 'create'; client: number }
  | { kind: 'update'; client: number; pick: number }
  | { kind: 'sync'; client: number; loseAck: boolean }
  | { kind: 'restart'; client: number }
  | { kind: 'crash'; client: number }
  | { kind: 'join'; client: number; during: number };

const opArbitrary = (clients: number): fc.Arbitrary<Op> => {
  const client = fc.integer({ min: 0, max: clients - 1 });
  return fc.oneof(
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('create' as const), client }) },
    {
      weight: 3,
      arbitrary: fc.record({ kind: fc.constant('update' as const), client, pick: fc.nat() }),
    },
    {
      weight: 3,
      arbitrary: fc.record({ kind: fc.constant('sync' as const), client, loseAck: fc.boolean() }),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('restart' as const), client }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('crash' as const), client }) },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('join' as const),
        client,
        during: fc.integer({ min: 0, max: 3 }),
      }),
    },
  );
};

// How many clients there are at most, how many open at the start (the others join later:
// the first one alone holds the lock and posts none of its writes until it hears another).
const scenario = fc
  .integer({ min: 2, max: 4 })
  .chain((clients) =>
    fc.tuple(
      fc.constant(clients),
      fc.array(opArbitrary(clients), { maxLength: 14 }),
      fc.integer({ min: 1, max: clients }),
    ),
  );

const timers = { setTimeout: () => 0, clearTimeout: () => {} };

interface Client {
  readonly store: LocalStore;
  readonly engine: SyncEngine;
  readonly sharing: StoreSharing;
}

/** One run: the clients, their shared storage, and the clock the leases read. */
async function world(backend: FakeBackend) {
  const user = await backend.createUser({
    email: `multi.${Math.random().toString(36).slice(2)}@example.test`,
    password: 'password-123',
    name: 'Multi',
  });
  const storage = memoryStorage();
  const channels = memoryChangeChannels();
  let time = Date.now();
  const now = () => time;
  let ids = 0;
  const open = async (): Promise<Client> => {
    const id = `c${++ids}`;
    const shared = await openCoordinatedStorage(storage, user.userId);
    const store = await openLocalStore({ storage: shared.storage, userId: user.userId });
    const api = createApiClient({
      baseUrl: backend.baseUrl,
      fetch: (input, init) => backend.fetch(new Request(input, init)),
      auth: { getAuthorization: () => `Bearer ${user.token}`, onUnauthorized: async () => 'fail' },
      retry: { limit: 0 },
    });
    const engine = createSyncEngine({
      store,
      api,
      autoStart: false,
      retry: { baseDelayMs: 0, maxDelayMs: 0, jitter: false },
    });
    const sharing = shareStore({
      store,
      clientId: id,
      lock: storagePushLease({ storage, key: `c/${user.userId}/push`, owner: id, now }),
      channel: channels(),
      engine,
      background: false,
      changes: shared,
      requests: new SyncRequests(storage, syncRequestsKey(user.userId)),
      timers,
      now,
    });
    await sharing.tick();
    return { store, engine, sharing };
  };
  return { user, storage, open, advance: (ms: number) => (time += ms) };
}

async function run([count, ops, opened]: [number, Op[], number]): Promise<void> {
  const backend = createFakeBackend({ authRateLimit: false, fastPasswordHashing: true });
  try {
    const { user, storage, open, advance } = await world(backend);
    const clients: Client[] = [];
    for (let i = 0; i < opened; i++) clients.push(await open());
    /** What every resolved write says the server must end with: name → age. */
    const model = new Map<string, { id: string; age: number }>();
    let value = 0;
    const tickAll = async () => {
      for (const client of clients) await client.sharing.tick();
    };
    for (const step of ops) {
      if (step.kind === 'join') {
        // A client opens while another's creates (`during` of them) are being written.
        if (clients.length >= count) continue;
        const writer = clients[step.client % clients.length] as Client;
        const writes = Array.from({ length: step.during }, () => {
          const name = `h${++value}`;
          return writer.store
            .create('heroes', { name, age: 3, traits: ['x'] })
            .then((hero) => model.set(name, { id: hero.id, age: 3 }));
        });
        clients.push(await open());
        await Promise.all(writes);
        continue;
      }
      const client = clients[step.client % clients.length] as Client;
      if (step.kind === 'create') {
        const name = `h${++value}`;
        const hero = await client.store.create('heroes', { name, age: 3, traits: ['x'] });
        model.set(name, { id: hero.id, age: 3 });
      } else if (step.kind === 'update') {
        await client.sharing.tick(); // it may not have read another client's create yet
        const known = [...model.entries()].filter(([, m]) => client.store.get('heroes', m.id));
        const picked = known[step.pick % Math.max(1, known.length)];
        if (!picked) continue;
        const age = 3 + (++value % 8);
        await client.store.update('heroes', picked[1].id, { age });
        model.set(picked[0], { id: picked[1].id, age });
      } else if (step.kind === 'sync') {
        if (step.loseAck) backend.faults.dropResponse(1);
        await tickAll();
        await client.sharing.syncNow().catch(() => undefined); // a lost answer fails the round
      } else if (step.kind === 'restart') {
        await client.sharing.close();
        await client.engine.close();
        await client.store.close();
        clients[step.client % clients.length] = await open();
      } else {
        // A crash: dropped without closing; its lease runs out.
        client.engine.stop();
        clients[step.client % clients.length] = await open();
        advance(6_000);
        await tickAll();
      }
    }
    // Heal: whoever pushes syncs until the shared outbox is empty, then everyone re-reads.
    for (let round = 0; round < 12; round++) {
      await tickAll();
      const pusher = clients.find((client) => client.sharing.isPusher());
      await pusher?.sharing.syncNow().catch(() => undefined);
      if (pusher && pusher.store.outbox.entries().length === 0) break;
    }
    // Every client shows what the storage holds without re-reading it: each heard the others'
    // writes, or was told to re-read (a client that was alone when another opened).
    for (let i = 0; i < 10; i++) await new Promise<void>((resolve) => setImmediate(resolve));
    const stored = (await openLocalStore({ storage, userId: user.userId }))
      .list('heroes')
      .map((hero) => `${hero.name}:${hero.age}:${hero.syncStatus}`)
      .sort();
    for (const client of clients) {
      const shown = client.store.list('heroes').map((h) => `${h.name}:${h.age}:${h.syncStatus}`);
      expect(shown.sort()).toEqual(stored);
    }
    for (const client of clients) await client.store.shared.refresh();
    const onServer = [...backend.db.heroes.values()].filter((hero) => hero.userId === user.userId);
    const names = onServer.map((hero) => hero.name).sort();
    expect(names).toEqual([...new Set(names)]); // no duplicate
    expect(names).toEqual([...model.keys()].sort()); // nothing lost, nothing extra
    for (const hero of onServer) expect(hero.age).toBe(model.get(hero.name)?.age);
    const serverView = onServer.map((hero) => `${hero.name}:${hero.age}`).sort();
    for (const client of clients) {
      const local = client.store.list('heroes').map((hero) => `${hero.name}:${hero.age}`);
      expect(local.sort()).toEqual(serverView);
      expect(client.store.outbox.entries()).toEqual([]);
    }
    for (const client of clients) {
      await client.sharing.close();
      await client.engine.close();
    }
  } finally {
    backend.close();
  }
}

describe('2–4 clients over one storage, syncing against the fake backend', () => {
  it(
    `no duplicate, no resolved write lost, all converge (${NUM_RUNS} runs)`,
    async () => {
      await fc.assert(fc.asyncProperty(scenario, run), {
        numRuns: NUM_RUNS,
        ...(SEED === undefined ? {} : { seed: SEED }),
      });
    },
    Math.max(60_000, NUM_RUNS * 1_000),
  );
});
