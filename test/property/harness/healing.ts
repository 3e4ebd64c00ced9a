/**
 * The end of a convergence run: heal (faults off, everyone online and signed in, sync cycles
 * until the devices show the server's state, open conflicts resolved with keep-remote and failed
 * changes discarded, sync again), then compare every device with the server and run the
 * oracle's checks.
 *
 * While healing, the server is reachable, so every local change must be pushed within two
 * rounds: a change still waiting to be sent (not held by a conflict, not failed for good) after
 * the second round that completed since it was first seen is a problem ({@link PushDeadlines}).
 */
import type { FakeBackend } from '../../../src/testing/index.js';
import {
  type Account,
  canonical,
  type Device,
  deviceSnapshot,
  type RunStats,
  serverSnapshot,
} from './fleet.js';
import type { Coll, Oracle } from './oracle.js';

/** What healing and the checks work on. */
export interface Family {
  readonly backend: FakeBackend;
  readonly account: Account;
  readonly userId: string;
  readonly devices: readonly Device[];
  readonly oracle: Oracle;
  readonly stats: RunStats;
  /** At most this many sync cycles (every device once) per settling. */
  readonly maxCycles: number;
  /** Changes that waited more than two completed rounds while healing. */
  readonly late: PushDeadlines;
}

/**
 * "Every local change is pushed within two rounds of the server being reachable": after each
 * round of a device that completed (the server answered, the device stayed signed in), every
 * change still waiting to be sent counts one round; one that counts two is late.
 */
export class PushDeadlines {
  readonly #waited = new Map<string, number>();
  readonly problems: string[] = [];

  /** Call after a completed round of `device`. */
  afterRound(device: Device): void {
    const waiting = new Set<string>();
    for (const change of device.client.sync.pending()) {
      // Held for the user (a conflict) or refused for good: not the push's to send.
      if (change.status === 'conflict' || change.status === 'failed') continue;
      const key = `d${device.index}/${change.mutationId}`;
      waiting.add(key);
      const rounds = (this.#waited.get(key) ?? 0) + 1;
      this.#waited.set(key, rounds);
      if (rounds === 2) {
        this.problems.push(
          `d${device.index}: ${change.op} of ${change.collection}/${change.localId} still waits after two rounds with the server reachable (${JSON.stringify({ status: change.status, attempts: change.attempts, lastError: change.lastError?.message ?? null })})`,
        );
      }
    }
    for (const key of this.#waited.keys()) {
      if (key.startsWith(`d${device.index}/`) && !waiting.has(key)) this.#waited.delete(key);
    }
  }
}

const COLLECTIONS: readonly Coll[] = ['heroes', 'customEvents', 'stories'];

/** Brings the family back to health and lets it settle. */
export async function heal(family: Family): Promise<void> {
  family.backend.faults.clear();
  for (const device of family.devices) device.net.goOnline();
  await settle(family);
  let waiting = false;
  for (const { client } of family.devices) {
    for (const conflict of client.conflicts.list()) {
      waiting = true;
      await client.conflicts.resolve(conflict.id, 'keep-remote');
    }
    for (const mutation of client.sync.pending()) {
      if (mutation.status !== 'failed') continue;
      waiting = true;
      await client.sync.discard(mutation.mutationId);
    }
  }
  if (waiting) await settle(family);
}

/**
 * Sync cycles until every device shows the server's state, or some device waits for the user
 * (a conflict, a failed change), or `maxCycles`.
 */
async function settle(family: Family): Promise<void> {
  for (let cycle = 0; cycle < family.maxCycles; cycle++) {
    for (const device of family.devices) await syncSignedIn(family, device);
    family.stats.healRounds++;
    if (waitingForUser(family) || compare(family).length === 0) return;
  }
}

/** One sync; a device that learns its session is gone (a 401) signs in again and syncs. */
async function syncSignedIn(family: Family, device: Device): Promise<void> {
  const { client } = device;
  if (client.auth.getSnapshot().status !== 'signed-in') await client.auth.signIn(family.account);
  await roundOf(family, device);
  if (client.auth.getSnapshot().status !== 'signed-in') {
    await client.auth.signIn(family.account);
    await roundOf(family, device);
  }
}

/** One round of `device`; a completed one counts for {@link PushDeadlines}. */
async function roundOf(family: Family, device: Device): Promise<void> {
  const summary = await device.sync();
  if (summary !== null && device.client.auth.getSnapshot().status === 'signed-in') {
    family.late.afterRound(device);
  }
}

function waitingForUser(family: Family): boolean {
  return family.devices.some((device) => {
    const status = device.client.sync.getSnapshot();
    return status.conflictCount + status.failedCount > 0;
  });
}

/** Every device against the server: same records, same values, nothing left to send. */
export function compare(family: Family): string[] {
  const problems: string[] = [];
  const expected = canonical(serverSnapshot(family.backend, family.userId));
  for (const device of family.devices) {
    const { snapshot, problems: local } = deviceSnapshot(device);
    problems.push(...local);
    const status = device.client.sync.getSnapshot();
    if (status.pendingCount + status.conflictCount + status.failedCount > 0) {
      problems.push(
        `d${device.index}: not quiet after healing (${JSON.stringify({ pending: status.pendingCount, conflicts: status.conflictCount, failed: status.failedCount })})`,
      );
    }
    const actual = canonical(snapshot);
    for (const coll of COLLECTIONS) {
      // Sorted lists: equal only if every record appears as often (a duplicate differs too).
      if (JSON.stringify(expected[coll]) === JSON.stringify(actual[coll])) continue;
      const missing = expected[coll].filter((row) => !actual[coll].includes(row));
      const extra = actual[coll].filter((row) => !expected[coll].includes(row));
      problems.push(
        `d${device.index} ${coll} differs from the server (${actual[coll].length} vs ${expected[coll].length} records): missing ${JSON.stringify(missing)}, extra ${JSON.stringify(extra)}`,
      );
    }
  }
  return problems;
}

/** {@link compare}, then the oracle's invariants on the server's records. */
export function checkAll(family: Family): string[] {
  const problems = [...compare(family), ...family.late.problems];
  const server = serverSnapshot(family.backend, family.userId);
  for (const coll of COLLECTIONS) problems.push(...family.oracle.check(coll, server[coll]));
  problems.push(...family.stats.errors.map((line) => `unexpected SDK error: ${line}`));
  return problems;
}
