/**
 * Profiles the client side of a push (`syncNow()` of N queued creates, memory storage) with the
 * inspector, around the timed part only: `tsx bench/push-profile.ts [--creates=N]
 * [--concurrency=C] [--out=file.cpuprofile]`. Prints the top functions by self time and the
 * self time by source area.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { memoryStorage } from '../src/storage-adapters/memory-storage.js';
import { startBenchBackend } from './sync/backend.js';
import { openBenchDevice } from './sync/device.js';
import { type BenchTarget, pushInput, timeEnginePush } from './sync/push-bench.js';

const arg = (name: string, fallback: string): string => {
  const found = process.argv.find((value) => value.startsWith(`--${name}=`));
  return found ? found.slice(name.length + 3) : fallback;
};
const n = Number(arg('creates', '2000'));
const concurrency = Number(arg('concurrency', '1'));
const out = arg('out', '');

interface ProfileNode {
  id: number;
  children?: number[];
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

/** `timeEnginePush`, with the profiler running around `syncNow()` only. */
async function profiledPush(target: BenchTarget, count: number, c: number, inspector: Session) {
  await target.backend.clearHeroes(target.user.userId);
  const device = await openBenchDevice({
    url: target.backend.url,
    user: target.user,
    storage: memoryStorage(),
    engine: { pushConcurrency: c },
  });
  try {
    await device.engine.syncNow();
    device.connectivity.goOffline();
    for (let i = 0; i < count; i++) await device.repositories.heroes.create(pushInput(i));
    device.connectivity.goOnline();
    await inspector.post('Profiler.start');
    const cpu = process.cpuUsage();
    const start = performance.now();
    const summary = await device.engine.syncNow();
    const ms = performance.now() - start;
    const used = process.cpuUsage(cpu);
    const { profile } = await inspector.post('Profiler.stop');
    if (summary.pushed !== count) throw new Error(`pushed ${summary.pushed}/${count}`);
    return { run: { ms, cpuMs: (used.user + used.system) / 1000 }, profile };
  } finally {
    await device.close();
    await target.backend.clearHeroes(target.user.userId);
  }
}

const backend = await startBenchBackend('process');
const session = new Session();
session.connect();
try {
  const user = await backend.createUser({
    email: `push-profile.${Date.now().toString(36)}@example.test`,
    password: 'password-123',
    name: 'Push profile',
  });
  const target = { backend, user };
  await timeEnginePush(target, Math.min(n, 300), concurrency); // warm-up
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  const { run, profile } = await profiledPush(target, n, concurrency, session);
  if (out) writeFileSync(out, JSON.stringify(profile));
  const nodes = profile.nodes as ProfileNode[];
  const idle = new Set(['(idle)', '(program)']);
  const busy = (node: ProfileNode) =>
    idle.has(node.callFrame.functionName) ? 0 : (node.hitCount ?? 0);
  const total = nodes.reduce((sum, node) => sum + busy(node), 0);
  const byFunction = new Map<string, number>();
  const byArea = new Map<string, number>();
  for (const node of nodes) {
    const hits = busy(node);
    if (hits === 0) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const file = url.replace(/^.*\/(node_modules\/[^/]+|src\/[^/]+|bench\/[^/]+)\/?/, '$1/');
    const key = `${functionName || '(anon)'} ${file.split('/').slice(-2).join('/')}:${lineNumber + 1}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + hits);
    const area =
      /node_modules\/([^/]+)/.exec(url)?.[1] ??
      /\/src\/([^/]+)/.exec(url)?.[1]?.replace(/^/, 'src/') ??
      (url.startsWith('node:')
        ? (url.split('/')[1]?.split(':')[0] ?? 'node')
        : url === ''
          ? functionName || '(vm)'
          : 'other');
    byArea.set(area, (byArea.get(area) ?? 0) + hits);
  }
  const top = (map: Map<string, number>, count: number) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, count)
      .map(([key, hits]) => `${((hits / total) * 100).toFixed(1).padStart(5)} %  ${key}`)
      .join('\n');
  console.log(
    `${n} creates, pushConcurrency ${concurrency}: ${run.ms.toFixed(0)} ms, CPU ${run.cpuMs.toFixed(0)} ms (${((run.cpuMs * 1000) / n).toFixed(0)} µs/POST)`,
  );
  // Inclusive time of the functions that frame the push's steps (a name counted once per stack).
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const inclusive = new Map<string, number>();
  const walk = (node: ProfileNode, open: Set<string>): void => {
    const name = node.callFrame.functionName;
    const added = name !== '' && !open.has(name);
    if (added) open.add(name);
    for (const name of open) inclusive.set(name, (inclusive.get(name) ?? 0) + busy(node));
    for (const child of node.children ?? []) walk(byId.get(child) as ProfileNode, open);
    if (added) open.delete(name);
  };
  const root = nodes[0];
  if (root) walk(root, new Set());
  const framed = process.argv
    .find((value) => value.startsWith('--frames='))
    ?.slice(9)
    .split(',') ?? [
    '#send',
    'markInFlight',
    'confirmPush',
    'sendEntry',
    'send',
    '#attempt',
    'validateInput',
    '#parse',
    'readBodyText',
    'create',
    'fetch',
    '#acknowledge',
    'ack',
    'recordsChanged',
    'emit',
    'readyEntries',
    '#process',
    'resolveTarget',
    'observe',
    'commit',
  ];
  console.log(`\ninclusive (busy samples under a function of that name):`);
  for (const name of framed) {
    console.log(
      `${(((inclusive.get(name) ?? 0) / total) * 100).toFixed(1).padStart(5)} %  ${name}`,
    );
  }
  console.log(`\nby area (self time):\n${top(byArea, 25)}`);
  console.log(`\ntop functions (self time):\n${top(byFunction, 45)}`);
} finally {
  session.disconnect();
  await backend.close();
}
