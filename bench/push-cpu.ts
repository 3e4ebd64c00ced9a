/**
 * Client CPU per push POST, the SDK's whole push against plain `fetch`, in one run:
 * `tsx bench/push-cpu.ts [--batch=N] [--rounds=R] [--concurrency=C]`.
 *
 * Both send the same create bodies to the same fake backend (its own process, loopback): the
 * SDK as `syncNow()` of `N` creates queued offline (memory storage, `pushConcurrency` C, default
 * 1), the baseline as `N` sequential `fetch` POSTs read as JSON. The two alternate in `R`
 * rounds (which goes first alternates too): the load of a shared machine changes by the second,
 * so short interleaved rounds see the same mix of it. Each figure is this process's CPU
 * (`process.cpuUsage`, user + system) over the timed parts, per POST.
 */
import { loadavg } from 'node:os';
import { startBenchBackend } from './sync/backend.js';
import { capturePushBodies, type PushRun, timeEnginePush, timeRawPush } from './sync/push-bench.js';
import { median } from './sync/report.js';

const arg = (name: string, fallback: number): number => {
  const found = process.argv.find((value) => value.startsWith(`--${name}=`));
  return found ? Number(found.slice(name.length + 3)) : fallback;
};
const n = arg('batch', 200);
const rounds = arg('rounds', 16);
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
  await timeRawPush(target, bodies); // warm-up
  await timeEnginePush(target, n, concurrency);
  const raw: PushRun[] = [];
  const sdk: PushRun[] = [];
  const loadBefore = load();
  for (let round = 0; round < rounds; round++) {
    const pair = [
      async () => raw.push(await timeRawPush(target, bodies)),
      async () => sdk.push(await timeEnginePush(target, n, concurrency)),
    ];
    if (round % 2 === 1) pair.reverse();
    for (const run of pair) await run();
  }
  const sum = (runs: PushRun[], key: 'cpuMs' | 'ms') => runs.reduce((t, run) => t + run[key], 0);
  const perPost = (runs: PushRun[]) => (sum(runs, 'cpuMs') * 1000) / (runs.length * n);
  const ratios = sdk.map((run, i) => run.cpuMs / (raw[i] as PushRun).cpuMs);
  console.log(
    `${rounds} rounds of ${n} creates, pushConcurrency ${concurrency}, load ${loadBefore} → ${load()}`,
  );
  console.log(`raw fetch   ${perPost(raw).toFixed(0)} µs CPU/POST`);
  console.log(`SDK push    ${perPost(sdk).toFixed(0)} µs CPU/POST`);
  console.log(
    `CPU         ×${(sum(sdk, 'cpuMs') / sum(raw, 'cpuMs')).toFixed(2)} (median of the rounds ×${median(ratios).toFixed(2)})`,
  );
  console.log(`wall        ×${(sum(sdk, 'ms') / sum(raw, 'ms')).toFixed(2)}`);
} finally {
  await backend.close();
}
