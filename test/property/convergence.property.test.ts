/**
 * Property-based convergence (DESIGN.md §12): random operations on three devices of one family
 * — creates, updates and deletes of heroes and custom events, story favourites and titles —
 * with random offline windows, injected faults (5xx, timeouts, lost acknowledgements, a 401 in
 * the middle of a sync) and crashes (a client dropped mid-sync and reopened on its storage).
 * After healing (everyone online and signed in, sync until quiet, open conflicts resolved with
 * keep-remote, sync again):
 *
 * - every device shows exactly the server's records (compared by identity, user-writable fields);
 * - no write whose promise resolved is lost, unless a concurrent write won by the documented
 *   rules or it was surfaced as a conflict or a failed mutation (`harness/oracle.ts`);
 * - the server holds no duplicate and nothing no device created;
 * - while healing, every local change is pushed within two completed rounds of its device
 *   (`PushDeadlines` in `harness/healing.ts`); every round terminates (a run that hangs fails
 *   on the test's timeout).
 *
 * Requests go straight to each run's fake backend through the clients' `fetch` option (through
 * msw a run costs twice as much). A run's clocks and timers, the server's included, run on one
 * virtual time, and its other sources of chance are fixed (`harness/virtual-time.ts`,
 * `harness/same-every-time.ts`): a seed and a path replay the same run, request by request. `NUM_RUNS` sets the number of runs (CI: 200; `npm run soak`:
 * 5,000); `SEED` (and
 * `SEED_PATH`) replay a failure; `MAX_OPS` bounds the operations per run; `STATS=1` prints totals.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { createFakeBackend } from '../../src/testing/index.js';
import { type Op, opsArbitrary } from './harness/operations.js';
import { progress } from './harness/progress.js';
import { runScenario, type ScenarioOptions } from './harness/scenario.js';
import { VirtualTime } from './harness/virtual-time.js';

const NUM_RUNS = Number(process.env.NUM_RUNS ?? 200);
/**
 * CI runs one fixed seed, so a red run means a change broke something, not that a new random
 * case turned up; `npm run soak` (which sets `NUM_RUNS`) explores random seeds, and what it finds
 * joins REGRESSIONS below.
 */
const CI_SEED = 42;
const SEED =
  process.env.SEED !== undefined
    ? Number(process.env.SEED)
    : process.env.NUM_RUNS === undefined
      ? CI_SEED
      : undefined;
/** With `SEED`, the `path` a failure printed: replays exactly the shrunk case. */
const REPLAY_PATH = process.env.SEED_PATH;
const MAX_OPS = Number(process.env.MAX_OPS ?? 16);

const OPTIONS: Omit<ScenarioOptions, 'time'> = {
  devices: 3,
  everyPulls: 1,
  maxHealCycles: 10,
};

/** Totals over the runs of this file (printed with `STATS=1`). */
const totals: Record<string, number> = {};

async function check(ops: readonly Op[]): Promise<void> {
  // One time for the server and the devices: a seed and a path replay the same run.
  const time = new VirtualTime();
  const backend = createFakeBackend({
    authRateLimit: false,
    fastPasswordHashing: true,
    now: () => new Date(time.now()),
  });
  // Straight to the fake backend's fetch: msw would double the cost of a run.
  const fetch: typeof globalThis.fetch = (input, init) => backend.fetch(new Request(input, init));
  try {
    const { problems, stats } = await runScenario(backend, ops, { ...OPTIONS, fetch, time });
    const { logs, errors, ...counts } = stats;
    for (const [name, n] of Object.entries({ ...counts, ...logs, runs: 1 })) {
      totals[name] = (totals[name] ?? 0) + n;
    }
    expect(problems).toEqual([]);
  } finally {
    backend.close();
  }
}

afterAll(() => {
  if (process.env.STATS === '1') process.stdout.write(`${JSON.stringify(totals, null, 2)}\n`);
});

/**
 * Failing cases the property found, shrunk, replayed first on every run (with the seed that
 * found each). Engine bugs among them also have a smallest test in `regressions.test.ts`.
 */
const REGRESSIONS: ReadonlyArray<{ readonly why: string; readonly ops: Op[] }> = [
  {
    // seed 358228046: a favourite coalesced into a queued create was dropped (fixed).
    why: 'favourite on a custom event whose create is queued',
    ops: [
      { kind: 'createEvent', d: 0 },
      { kind: 'updateEvent', d: 0, pick: 0, describe: false, tone: null, isFavorite: true },
      { kind: 'updateHero', d: 0, pick: 0, rename: false, age: null },
    ],
  },
  {
    // seed 2114732504: a 401 right after a session check left the device "signed in" but
    // paused for good (fixed in the AuthManager), and it kept a hero deleted on another device.
    why: 'session expired right after a restart',
    ops: [
      { kind: 'restart', d: 2, ticks: null },
      { kind: 'deleteHero', d: 0, pick: 0 },
      { kind: 'expireSession', d: 2, ticks: 3 },
    ],
  },
  {
    // seed -259486905: an offline device whose session expired meanwhile must sign in again
    // when it learns it (a harness fix: healing signs in after the first 401).
    why: 'session expired while offline with a queued edit',
    ops: [
      { kind: 'offline', d: 0 },
      { kind: 'updateEvent', d: 0, pick: 0, describe: false, tone: null, isFavorite: null },
      { kind: 'expireSession', d: 0, ticks: 0 },
      { kind: 'offline', d: 0 },
    ],
  },
  {
    // seed 1028096255: B set the age then deleted the hero while A renamed it; the rename won
    // (delete vs remote update, by last-writer-wins), so the hero stays with A's values — B's
    // age went with B's delete (an oracle fix: a deleting device's field edits are given up).
    why: 'edit, then delete, against a concurrent rename',
    ops: [
      { kind: 'updateHero', d: 1, pick: 3, rename: false, age: 3 },
      { kind: 'updateHero', d: 0, pick: 1, rename: false, age: null },
      { kind: 'deleteHero', d: 1, pick: 3 },
      { kind: 'offline', d: 0 },
    ],
  },
  {
    // seed 1777893912: a rename whose device crashed before it was confirmed still landed,
    // and beat a concurrent delete (an oracle fix: such a write counts as a concurrent edit).
    why: 'unconfirmed write of a crashed device against a delete',
    ops: [
      { kind: 'crashDuringWrite', d: 0, pick: 0, ticks: 0 },
      { kind: 'deleteHero', d: 2, pick: 0 },
      { kind: 'restart', d: 0, ticks: null },
    ],
  },
  {
    // seed 1247208543 (soak): C sent a description, then deleted the event; A's concurrent
    // edit kept it, with C's description (an oracle fix: a deleter's values may stay).
    why: 'sent edit, then delete, against a concurrent edit',
    ops: [
      { kind: 'updateEvent', d: 2, pick: 0, describe: false, tone: null, isFavorite: null },
      { kind: 'lostAck', d: 0, method: 'POST' },
      { kind: 'deleteEvent', d: 2, pick: 0 },
      { kind: 'updateEvent', d: 0, pick: 0, describe: false, tone: 'calm', isFavorite: null },
      { kind: 'expireSession', d: 0, ticks: 0 },
    ],
  },
  {
    // seed -1465043903 (soak): A's description PATCH was applied but its answer lost, then A
    // deleted the event; A's own PATCH looked like a concurrent remote edit and could win by
    // last-writer-wins, bringing the event back (fixed in remote-changes.ts: withSeenValues).
    why: 'delete after an own update whose answer was lost',
    ops: [
      { kind: 'lostAck', d: 0, method: 'PATCH' },
      { kind: 'syncInBackground', d: 1 },
      { kind: 'updateEvent', d: 0, pick: 0, describe: false, tone: null, isFavorite: null },
      { kind: 'lostAck', d: 0, method: 'POST' },
      { kind: 'deleteEvent', d: 0, pick: 0 },
      { kind: 'sync', d: 0 },
    ],
  },
  {
    // seed 637234038: a favourite coalesced into a queued create goes out as its own update
    // after the create (the create route cannot set it); storage failed while that update was
    // queued, and the failure was taken for "record gone", so the favourite was dropped (fixed
    // in pusher.ts: a storage failure there fails the acknowledgement, saved again next round).
    why: 'favourite behind a create whose acknowledgement storage failed to save',
    ops: [
      { kind: 'createEvent', d: 1 },
      { kind: 'updateEvent', d: 1, pick: 3, describe: false, tone: null, isFavorite: true },
      { kind: 'ackStorageFailure', d: 0 },
    ],
  },
  {
    // seed 268776222 (soak, run 4,586): A edited an event's description, then deleted it
    // before syncing; B's later tone edit won over the delete, so the event stayed as the
    // server had it — A's description went unsent with its delete (an oracle fix: a deleter's
    // values sent before are allowed). It failed 3 of 5 replays: the delete-vs-edit order came
    // from real clocks (the harness now runs on virtual time).
    why: 'unsent edit, then delete, against a later concurrent edit',
    ops: [
      { kind: 'updateEvent', d: 0, pick: 0, describe: true, tone: null, isFavorite: false },
      { kind: 'deleteEvent', d: 0, pick: 0 },
      { kind: 'offline', d: 0 },
      { kind: 'updateEvent', d: 1, pick: 0, describe: false, tone: 'calm', isFavorite: null },
      { kind: 'ackStorageFailure', d: 0 },
    ],
  },
  {
    // seed 38864942 (soak, run 2,970): C pushed a story and a hero update at once; the story's
    // answer was lost, and saving that failure for a retry met a storage failure. The entry
    // stayed in flight until a restart (fixed in pusher.ts: a failure that cannot be saved
    // releases the entry, which goes again next round).
    why: 'storage fails while a lost answer is saved for a retry',
    ops: [
      { kind: 'lostAck', d: 0, method: 'PATCH' },
      { kind: 'updateStory', d: 2, pick: 0, retitle: false, isFavorite: false },
      { kind: 'updateHero', d: 2, pick: 0, rename: false, age: null },
      { kind: 'ackStorageFailure', d: 0 },
      { kind: 'createEvent', d: 0 },
    ],
  },
];

describe('multi-device convergence', () => {
  for (const { why, ops } of REGRESSIONS) {
    it(`regression: ${why}`, async () => {
      await check(ops);
    });
  }

  it(
    `converges, loses no resolved write and duplicates nothing (${NUM_RUNS} runs)`,
    async () => {
      await fc.assert(
        fc.asyncProperty(opsArbitrary(OPTIONS.devices, MAX_OPS), async (ops) => {
          await check(ops);
          progress('convergence');
        }),
        {
          numRuns: NUM_RUNS,
          ...(SEED === undefined ? {} : { seed: SEED }),
          ...(REPLAY_PATH === undefined ? {} : { path: REPLAY_PATH }),
        },
      );
    },
    Math.max(120_000, NUM_RUNS * 2_000),
  );
});
