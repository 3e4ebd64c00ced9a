/**
 * Client CPU per push POST, the SDK's whole push against plain `fetch`, in one run:
 * `tsx bench/push-cpu.ts [--creates=N] [--reps=N] [--concurrency=C]`.
 *
 * Both send the same create bodies to the same fake backend (its own process, loopback): the
 * SDK as `syncNow()` of `N` creates queued offline (memory storage, `pushConcurrency` C,
 * default 1), the baseline as `N` sequential `fetch` POSTs read as JSON. Repetitions alternate
 * which goes first; each figure is this process's CPU (`process.cpuUsage`, user + system) over
 * the timed part divided by `N`. Prints the medians and the median of the paired ratios.
 */
import { loadavg } from 'node:os';
import { startBenchBackend } from './sync/backend.js';
import { capturePushBodies, type PushRun, timeEnginePush, timeRawPush } from './sync/push-bench.js';
import { median } from './sync/report.js';

const arg = (name: string, fallback: number): number => {
  const found = process.argv.find((value) => value.startsWith(`--${name}=`));
  return found ? Number(found.slice(name.length + 3)) : fallback;
};
const n = arg('creates', 2_000);
const reps = arg('reps', 5);
const concurrency = arg('concurrency', 1);
const load = () =>
  loadavg()
    .map((v) => v.toFixed(1))
    .join(' ');

const backend = await startBenchBackend('process');
try {
  const user = await backend.createUser({
    email: `push-cpu.${Date.now().toString(36)}@example.test`,
    password: 'password-123',
    name: 'Push CPU',
  });
  const target = { backend, user };
  const bodies = await capturePushBodies(target, n);
  await timeRawPush(target, bodies.slice(0, 200)); // warm-up
  await timeEnginePush(target, Math.min(200, n), concurrency);
  const raw: PushRun[] = [];
  const sdk: PushRun[] = [];
  const loadBefore = load();
  for (let rep = 0; rep < reps; rep++) {
    const pair = [
      async () => raw.push(await timeRawPush(target, bodies)),
      async () => sdk.push(await timeEnginePush(target, n, concurrency)),
    ];
    if (rep % 2 === 1) pair.reverse();
    for (const run of pair) await run();
  }
  const perPost = (runs: PushRun[]) => runs.map((run) => (run.cpuMs * 1000) / n);
  const ratios = sdk.map((run, i) => run.cpuMs / (raw[i] as PushRun).cpuMs);
  const wall = sdk.map((run, i) => run.ms / (raw[i] as PushRun).ms);
  console.log(
    `${n} creates × ${reps}, pushConcurrency ${concurrency}, load ${loadBefore} → ${load()}`,
  );
  console.log(`raw fetch  ${median(perPost(raw)).toFixed(0)} µs CPU/POST`);
  console.log(`SDK push   ${median(perPost(sdk)).toFixed(0)} µs CPU/POST`);
  console.log(
    `CPU ratio  ×${median(ratios).toFixed(2)} (pairs: ${ratios.map((r) => r.toFixed(2)).join(' ')})`,
  );
  console.log(
    `wall ratio ×${median(wall).toFixed(2)} (pairs: ${wall.map((r) => r.toFixed(2)).join(' ')})`,
  );
} finally {
  await backend.close();
}
