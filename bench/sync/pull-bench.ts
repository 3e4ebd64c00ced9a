/**
 * Pull:
 *
 * - initial pull: a fresh device's first `syncNow()` against a server seeded with `n` heroes,
 *   versus raw paged GETs (`limit=100`, plain `fetch`, until `hasMore` is false) plus one raw
 *   adapter batch that writes the same rows;
 * - incremental pull: `syncNow()` on a device that already holds the `n` heroes after another
 *   device changed a few of them (server `updatedAt` moves), with reconciliation off (its
 *   schedule set to "never") — and, separately, a round that includes reconciliation.
 */
import type { JsonValue, StorageOp } from '../../src/storage-adapters/storage-adapter.js';
import { keyLayout } from '../../src/store/keys.js';
import type { SyncEngineOptions } from '../../src/sync/sync-options.js';
import { type BenchDevice, bearer, openBenchDevice } from './device.js';
import { type BenchTarget, cpuSince } from './push-bench.js';
import { type BenchStorage, createStorage, type PullStorageKind } from './storages.js';

/** What a pull run measured. */
export interface PullRun {
  readonly ms: number;
  /** CPU time of this process (user + system) during the timed part, ms. */
  readonly cpuMs: number;
  readonly requests: number;
  /** Local records the round changed (`SyncSummary.pulled`). */
  readonly pulled: number;
}

/** A raw pull, with its parts. */
export interface RawPullRun extends PullRun {
  readonly fetchMs: number;
  readonly writeMs: number;
}

/** Reconciliation never due (the incremental measurement). */
export const NEVER_RECONCILE = {
  everyPulls: Number.MAX_SAFE_INTEGER,
  everyMs: Number.MAX_SAFE_INTEGER,
} as const;
/** Reconciliation due on every round (1 ms is the smallest allowed period). */
export const ALWAYS_RECONCILE = { everyMs: 1 } as const;

/** A device that did its initial pull, with the storage it lives on. */
export interface PulledDevice {
  readonly device: BenchDevice;
  readonly run: PullRun;
  dispose(): Promise<void>;
}

/**
 * Opens a fresh device on a new `kind` storage and times its first `syncNow()` (a full pull of
 * heroes, stories and custom events, and the first reconciliation). Keep the device (for the
 * incremental rounds) or dispose of it.
 */
export async function timeInitialPull(
  target: BenchTarget,
  kind: PullStorageKind,
  expected: number,
  engine: Partial<Pick<SyncEngineOptions, 'reconcile'>> = { reconcile: NEVER_RECONCILE },
): Promise<PulledDevice> {
  const bench: BenchStorage = createStorage(kind);
  const device = await openBenchDevice({
    url: target.backend.url,
    user: target.user,
    storage: bench.storage,
    engine,
  });
  const dispose = async (): Promise<void> => {
    await device.close();
    await bench.dispose();
  };
  try {
    device.resetRequests();
    const cpu = process.cpuUsage();
    const start = performance.now();
    const summary = await device.engine.syncNow();
    const ms = performance.now() - start;
    const cpuMs = cpuSince(cpu);
    const held = device.store.list('heroes').length;
    if (held !== expected || summary.pulled !== expected) {
      throw new Error(
        `initial pull: pulled ${summary.pulled}, holds ${held}, expected ${expected}`,
      );
    }
    return {
      device,
      run: { ms, cpuMs, requests: device.requests.length, pulled: summary.pulled },
      dispose,
    };
  } catch (error) {
    await dispose();
    throw error;
  }
}

interface HeroPage {
  readonly data: {
    readonly heroes: ReadonlyArray<{ readonly id: string }>;
    readonly pagination: {
      readonly hasMore: boolean;
      readonly offset: number;
      readonly limit: number;
    };
  };
}

/**
 * Raw baseline of the initial pull: `GET /api/v1/heroes?limit=100&offset=…` with plain `fetch`
 * until `hasMore` is false, then one `batch()` putting every row (as received) under its
 * record key on a fresh `kind` storage.
 */
export async function timeRawPull(
  target: BenchTarget,
  kind: PullStorageKind,
  expected: number,
): Promise<RawPullRun> {
  const { backend, user } = target;
  const bench = createStorage(kind);
  try {
    const keys = keyLayout(user.userId);
    // Open the connection first, as opening a store does.
    await bench.storage.get(keys.format);
    const headers = { authorization: bearer(user) };
    const rows: Array<{ readonly id: string }> = [];
    let requests = 0;
    const cpu = process.cpuUsage();
    const start = performance.now();
    for (let offset = 0; ; ) {
      const response = await fetch(`${backend.url}/api/v1/heroes?limit=100&offset=${offset}`, {
        headers,
      });
      requests++;
      const page = (await response.json()) as HeroPage;
      if (response.status !== 200) throw new Error(`raw pull: ${response.status}`);
      for (const hero of page.data.heroes) rows.push(hero);
      if (!page.data.pagination.hasMore) break;
      offset = page.data.pagination.offset + page.data.pagination.limit;
    }
    const fetched = performance.now();
    const ops: StorageOp[] = rows.map((row) => ({
      type: 'put',
      key: keys.record('heroes', row.id),
      value: row as unknown as JsonValue,
    }));
    await bench.storage.batch(ops);
    const end = performance.now();
    const cpuMs = cpuSince(cpu);
    if (rows.length !== expected)
      throw new Error(`raw pull: ${rows.length} rows, expected ${expected}`);
    return {
      ms: end - start,
      cpuMs,
      fetchMs: fetched - start,
      writeMs: end - fetched,
      requests,
      pulled: rows.length,
    };
  } finally {
    await bench.dispose();
  }
}

/** Another device changes `changes` heroes on the server (round `round` picks a new block). */
export function changeHeroes(
  target: BenchTarget,
  changes: number,
  round: number,
): Promise<string[]> {
  return target.backend.touchHeroes(target.user.userId, changes, round);
}

/**
 * Times `device`'s `syncNow()` after {@link changeHeroes} changed `ids` in round `round`, and
 * checks that the device took exactly those changes.
 */
export async function timePullRound(
  device: BenchDevice,
  ids: readonly string[],
  round: number,
): Promise<PullRun> {
  device.resetRequests();
  const cpu = process.cpuUsage();
  const start = performance.now();
  const summary = await device.engine.syncNow();
  const ms = performance.now() - start;
  const cpuMs = cpuSince(cpu);
  const requests = device.requests.length;
  if (summary.pulled !== ids.length) {
    throw new Error(`pull round: pulled ${summary.pulled}, expected ${ids.length}`);
  }
  for (const id of ids) {
    const localId = device.store.toLocalId('heroes', id);
    const name = device.store.getStored('heroes', localId)?.data.name;
    if (typeof name !== 'string' || !name.startsWith(`Renamed hero ${round}.`)) {
      throw new Error(`pull round: hero ${id} was not updated (name ${String(name)})`);
    }
  }
  return { ms, cpuMs, requests, pulled: summary.pulled };
}
