/**
 * Push: `n` hero creates queued offline (through the repository), then one `syncNow()`, against
 * `n` raw sequential `POST /api/v1/heroes` of the same JSON bodies with plain `fetch` and the
 * same `Authorization` header.
 */
import type { CreateHeroInput } from '../../src/schemas/hero.js';
import { memoryStorage } from '../../src/storage-adapters/memory-storage.js';
import type { BenchBackend } from './backend.js';
import { type BenchUser, bearer, openBenchDevice } from './device.js';

/** What a push run measured. */
export interface PushRun {
  readonly ms: number;
  /** CPU time of this process (user + system) during the timed part, ms. */
  readonly cpuMs: number;
  /** Requests sent during the timed part. */
  readonly requests: number;
}

/** The backend and user a benchmark runs against. */
export interface BenchTarget {
  readonly backend: BenchBackend;
  readonly user: BenchUser;
}

/** CPU time (user + system) of this process since `start`, ms. */
export function cpuSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

const TRAITS = ['brave', 'curious', 'kind', 'funny', 'clever', 'gentle', 'bold', 'shy'];

/** The `i`-th hero created offline: a typical app input. */
export function pushInput(i: number): CreateHeroInput {
  return {
    name: `Offline hero ${i}`,
    age: 3 + (i % 10),
    traits: [TRAITS[i % TRAITS.length] as string, 'adventurous'],
    hairColor: 'chestnut brown',
    eyeColor: 'green',
    specialAbilities: ['talks to animals'],
    appearance: 'A small hero with a red cape, muddy boots and a big smile.',
  };
}

async function expectServerHeroes(target: BenchTarget, n: number, what: string): Promise<void> {
  const count = await target.backend.countHeroes(target.user.userId);
  if (count !== n) throw new Error(`${what}: expected ${n} heroes on the server, found ${count}`);
}

/**
 * Queues `n` creates on a fresh, synced device while it is offline, goes online, and times
 * `engine.syncNow()` (its pull — three empty GETs — then the push). The server's heroes are
 * cleared before and after. `capture` receives the request bodies (untimed runs only).
 */
export async function timeEnginePush(
  target: BenchTarget,
  n: number,
  pushConcurrency: number,
  capture?: (body: string) => void,
): Promise<PushRun> {
  const { backend, user } = target;
  await backend.clearHeroes(user.userId);
  const device = await openBenchDevice({
    url: backend.url,
    user,
    storage: memoryStorage(),
    engine: { pushConcurrency },
    ...(capture ? { captureCreates: capture } : {}),
  });
  try {
    await device.engine.syncNow();
    device.connectivity.goOffline();
    for (let i = 0; i < n; i++) await device.repositories.heroes.create(pushInput(i));
    device.connectivity.goOnline();
    if (device.engine.getSnapshot().pendingCount !== n) {
      throw new Error(`engine push: expected ${n} queued creates`);
    }
    device.resetRequests();
    const cpu = process.cpuUsage();
    const start = performance.now();
    const summary = await device.engine.syncNow();
    const ms = performance.now() - start;
    const cpuMs = cpuSince(cpu);
    const requests = device.requests.length;
    if (summary.pushed !== n || summary.failed !== 0) {
      throw new Error(`engine push: pushed ${summary.pushed}/${n}, ${summary.failed} failed`);
    }
    if (device.engine.pending().length !== 0)
      throw new Error('engine push: the outbox is not empty');
    await expectServerHeroes(target, n, 'engine push');
    return { ms, cpuMs, requests };
  } finally {
    await device.close();
    await backend.clearHeroes(user.userId);
  }
}

/** The request bodies the engine sends for `n` creates (from an untimed run). */
export async function capturePushBodies(target: BenchTarget, n: number): Promise<string[]> {
  const bodies: string[] = [];
  await timeEnginePush(target, n, 1, (body) => bodies.push(body));
  if (bodies.length !== n)
    throw new Error(`captured ${bodies.length} create bodies, expected ${n}`);
  return bodies;
}

/** `bodies.length` sequential raw POSTs (each response read as JSON), timed. */
export async function timeRawPush(
  target: BenchTarget,
  bodies: readonly string[],
): Promise<PushRun> {
  const { backend, user } = target;
  await backend.clearHeroes(user.userId);
  const url = `${backend.url}/api/v1/heroes`;
  const headers = { authorization: bearer(user), 'content-type': 'application/json' };
  try {
    const cpu = process.cpuUsage();
    const start = performance.now();
    for (const body of bodies) {
      const response = await fetch(url, { method: 'POST', headers, body });
      const json: unknown = await response.json();
      if (response.status !== 201)
        throw new Error(`raw push: ${response.status} ${JSON.stringify(json)}`);
    }
    const ms = performance.now() - start;
    const cpuMs = cpuSince(cpu);
    await expectServerHeroes(target, bodies.length, 'raw push');
    return { ms, cpuMs, requests: bodies.length };
  } finally {
    await backend.clearHeroes(user.userId);
  }
}
