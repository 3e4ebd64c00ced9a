/**
 * Convergence under pull faults (kinds of their own, beside the main property's): random local
 * and remote writes over two devices, with rounds where one collection keeps failing (500), a
 * list never ends (the same page again, or empty pages that say `hasMore`), or a row is dated
 * a day in the future. Invariants:
 *
 * - every round terminates (`syncNow()` settles, resolved or rejected);
 * - every local change is pushed within two rounds once the server answers properly again;
 * - after healing, both devices hold exactly the server's heroes and custom events;
 * - the server holds no duplicate (one row per name created).
 *
 * `NUM_RUNS` sets the number of runs (CI: 200; `npm run soak`: 5,000). Requests go straight to
 * the fake backend's `fetch` (msw would double the cost of a run). The server's clock and the
 * devices' (their stores', engines' and API clients') read one virtual time (`harness/virtual-time.ts`),
 * moved on between steps: a run no longer depends on where in its second of wall time it
 * started (`Date` headers have one-second resolution). Timers stay real: no round here waits
 * for one (requests are not retried, and the engines do not run on their own).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createFakeBackend } from '../../src/testing/index.js';
import { type EndlessKind, endlessAnswer, postDateHero } from '../support/pull-faults.js';
import { type Device, newUser, openDevice } from '../sync/support.js';
import { progress } from './harness/progress.js';
import { OP_STEP_MS, VirtualTime } from './harness/virtual-time.js';

const NUM_RUNS = Number(process.env.NUM_RUNS ?? 200);
/** `SEED` (and `SEED_PATH`, printed by a failure) replay a run; `npm run soak` sets `SEED`. */
const SEED = process.env.SEED === undefined ? undefined : Number(process.env.SEED);
const REPLAY_PATH = process.env.SEED_PATH;

type Fault =
  | { readonly kind: 'none' }
  | { readonly kind: 'failing'; readonly path: string }
  | { readonly kind: 'endless'; readonly path: string; readonly how: 'same-page' | 'empty-pages' }
  | { readonly kind: 'future' };

type Step =
  | { readonly kind: 'localHero'; readonly rename: boolean }
  | { readonly kind: 'remoteHero'; readonly rename: boolean }
  | { readonly kind: 'localEvent' }
  | { readonly kind: 'round'; readonly fault: Fault };

const PATHS = ['/api/v1/heroes', '/api/v1/stories', '/api/v1/custom-events'];
const fault: fc.Arbitrary<Fault> = fc.oneof(
  fc.constant({ kind: 'none' as const }),
  fc.record({ kind: fc.constant('failing' as const), path: fc.constantFrom(...PATHS) }),
  fc.record({
    kind: fc.constant('endless' as const),
    path: fc.constantFrom(...PATHS),
    how: fc.constantFrom('same-page' as const, 'empty-pages' as const),
  }),
  fc.constant({ kind: 'future' as const }),
);
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('localHero' as const), rename: fc.boolean() }),
  fc.record({ kind: fc.constant('remoteHero' as const), rename: fc.boolean() }),
  fc.constant({ kind: 'localEvent' as const }),
  fc.record({ kind: fc.constant('round' as const), fault }),
);

const names = (device: Device, collection: 'heroes' | 'customEvents'): string[] =>
  device.store
    .list(collection)
    .map((record) => String(record.name ?? record.title))
    .sort();

async function run(steps: readonly Step[]): Promise<void> {
  const time = new VirtualTime();
  const backend = createFakeBackend({
    authRateLimit: false,
    fastPasswordHashing: true,
    now: () => new Date(time.now()),
  });
  // Requests go straight to the fake backend (no msw: it doubles the cost of a run); a list
  // that never ends is answered here.
  let endless: { readonly path: string; readonly how: EndlessKind } | null = null;
  const fetch = (request: Request): Promise<Response> => {
    if (endless && request.method === 'GET' && new URL(request.url).pathname === endless.path) {
      return endlessAnswer(backend, request, endless.how);
    }
    return backend.fetch(request);
  };
  const user = await newUser(backend);
  const now = () => time.now();
  const clock = { now, apiNow: now, storeNow: now };
  const a = await openDevice(backend, user, { fetch, ...clock });
  const b = await openDevice(backend, user, { fetch, ...clock });
  let n = 0;
  try {
    for (const s of steps) {
      n++;
      time.advance(OP_STEP_MS);
      if (s.kind === 'localHero') {
        const [first] = a.store.list('heroes');
        if (s.rename && first) await a.store.update('heroes', first.id, { name: `A${n}` });
        else await a.store.create('heroes', { name: `A${n}`, age: 6, traits: ['kind'] });
      } else if (s.kind === 'remoteHero') {
        const [first] = b.store.list('heroes');
        if (s.rename && first) await b.store.update('heroes', first.id, { name: `B${n}` });
        else await b.store.create('heroes', { name: `B${n}`, age: 6, traits: ['kind'] });
        await b.engine.syncNow().catch(() => undefined);
      } else if (s.kind === 'localEvent') {
        await a.store.create('customEvents', { title: `E${n}`, promptSeed: 'seed' });
      } else {
        const f = s.fault;
        if (f.kind === 'failing') {
          backend.faults.failNext(100, { status: 500, match: { method: 'GET', path: f.path } });
        } else if (f.kind === 'endless') {
          endless = { path: f.path, how: f.how };
        } else if (f.kind === 'future') {
          const [row] = [...backend.db.heroes.values()].filter((h) => h.userId === user.userId);
          if (row) postDateHero(backend, row.id, 24 * 60 * 60_000);
        }
        // Every round terminates: it settles, whatever the fault.
        const settled = await a.engine.syncNow().then(
          () => 'resolved',
          () => 'rejected',
        );
        expect(['resolved', 'rejected']).toContain(settled);
        endless = null;
        backend.faults.clear();
      }
    }
    // Healing: the server answers properly again; within two rounds everything is pushed.
    await a.engine.syncNow();
    await a.engine.syncNow();
    expect(a.store.outbox.pendingCount).toBe(0);
    await b.engine.syncNow();
    await a.engine.syncNow();
    const server = [...backend.db.heroes.values()].filter((h) => h.userId === user.userId);
    const serverNames = server.map((h) => h.name).sort();
    expect(new Set(serverNames).size).toBe(serverNames.length); // no duplicate
    expect(names(a, 'heroes')).toEqual(serverNames);
    expect(names(b, 'heroes')).toEqual(serverNames);
    const events = [...backend.db.customEvents.values()]
      .filter((e) => e.userId === user.userId)
      .map((e) => e.title)
      .sort();
    expect(names(a, 'customEvents')).toEqual(events);
  } finally {
    await a.close();
    await b.close();
  }
}

describe('convergence under pull faults', () => {
  it(
    `every round ends, every change is pushed, devices = server (${NUM_RUNS} runs)`,
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 6 }), async (steps) => {
          await run(steps);
          progress('pull-faults');
        }),
        {
          numRuns: NUM_RUNS,
          ...(SEED === undefined ? {} : { seed: SEED }),
          ...(REPLAY_PATH === undefined ? {} : { path: REPLAY_PATH }),
        },
      );
    },
    Math.max(300_000, NUM_RUNS * 2_000),
  );
});
