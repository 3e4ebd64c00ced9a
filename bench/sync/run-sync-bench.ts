/**
 * Runs the sync benchmarks (issue #5) and returns the rows of the report.
 *
 * Every SDK figure is measured in the same run as its baseline, repetitions interleaved with
 * rotating order so that drift and warm-up hit both alike. Times are medians over the
 * repetitions; push and initial-pull ratios are medians of the per-repetition (paired) ratios;
 * the incremental rows are a fraction of the SDK's own median full pull.
 */
import { type BackendMode, type BenchBackend, startBenchBackend } from './backend.js';
import type { BenchUser } from './device.js';
import {
  ALWAYS_RECONCILE,
  changeHeroes,
  NEVER_RECONCILE,
  type PulledDevice,
  type PullRun,
  type RawPullRun,
  timeInitialPull,
  timePullRound,
  timeRawPull,
} from './pull-bench.js';
import {
  type BenchTarget,
  capturePushBodies,
  type PushRun,
  timeEnginePush,
  timeRawPush,
} from './push-bench.js';
import { median, type SyncBenchReport, type SyncBenchRow, type SyncVerdict } from './report.js';
import { type PullStorageKind, removeStorageFiles, STORAGE_LABELS } from './storages.js';

/** What to run. */
export interface SyncBenchOptions {
  /** Creates queued offline, then pushed. */
  readonly pushCount: number;
  /** Heroes on the server for the pulls. */
  readonly pullCount: number;
  /** Heroes changed by "another device" before each incremental round. */
  readonly changes: number;
  /** Timed repetitions per measure (≥ 1; the report asks for ≥ 3). */
  readonly repetitions: number;
  /** Storages of the initial pull. @default ['memory', 'sqlite'] */
  readonly storages?: readonly PullStorageKind[];
  /** Where the fake backend runs. @default 'process' */
  readonly backend?: BackendMode;
  /** Untimed warm-up runs first. @default true */
  readonly warmup?: boolean;
  /** Progress lines. @default none */
  readonly log?: (line: string) => void;
}

const PUSH_CONCURRENCY = [1, 4] as const;
const PUSH_TARGET = 1.2;
const PULL_TARGET = 1.3;
/**
 * One listing per collection that can change since the cursor (heroes, stories; custom events
 * have no change feed and are listed on their own slower schedule)…
 */
const INCREMENTAL_MAX_REQUESTS = 2;
/**
 * …plus the delete check: one `limit=1` request per collection (heroes and stories; custom
 * events between their listings, so a delete or create made elsewhere shows at the next round).
 */
const DELETE_CHECK_REQUESTS = 3;
const INCREMENTAL_MAX_FRACTION = 0.05;

const verdict = (ok: boolean): SyncVerdict => (ok ? 'PASS' : 'MISS');
const paired = (sdk: readonly number[], base: readonly number[]): number =>
  median(sdk.map((value, i) => value / (base[i] as number)));
const times = (runs: readonly { ms: number }[]): number[] => runs.map((run) => run.ms);
const cpu = (runs: readonly { cpuMs: number }[]): number => median(runs.map((run) => run.cpuMs));
const maxRequests = (runs: readonly { requests: number }[]): number =>
  Math.max(...runs.map((run) => run.requests));

let users = 0;
async function newUser(backend: BenchBackend): Promise<BenchUser> {
  users++;
  return backend.createUser({
    email: `sync-bench.${users}.${Date.now().toString(36)}@example.test`,
    password: 'password-123',
    name: `Bench ${users}`,
  });
}

/** Rotates `tasks` by `rep` and runs them in that order. */
async function rotated(rep: number, tasks: ReadonlyArray<() => Promise<void>>): Promise<void> {
  for (let i = 0; i < tasks.length; i++)
    await (tasks[(i + rep) % tasks.length] as () => Promise<void>)();
}

async function pushRows(
  target: BenchTarget,
  options: SyncBenchOptions,
  log: (line: string) => void,
): Promise<SyncBenchRow[]> {
  const n = options.pushCount;
  log(`push: capturing the ${n} create bodies (untimed SDK run)`);
  const bodies = await capturePushBodies(target, n);
  if (options.warmup !== false) {
    log('push: warm-up (raw)');
    await timeRawPush(target, bodies.slice(0, Math.min(200, n)));
  }
  const raw: PushRun[] = [];
  const sdk = new Map<number, PushRun[]>(PUSH_CONCURRENCY.map((c) => [c, []]));
  for (let rep = 0; rep < options.repetitions; rep++) {
    log(`push: repetition ${rep + 1}/${options.repetitions}`);
    await rotated(rep, [
      async () => {
        raw.push(await timeRawPush(target, bodies));
      },
      ...PUSH_CONCURRENCY.map((c) => async () => {
        sdk.get(c)?.push(await timeEnginePush(target, n, c));
      }),
    ]);
  }
  return PUSH_CONCURRENCY.map((c) => {
    const runs = sdk.get(c) ?? [];
    const ratio = paired(times(runs), times(raw));
    const serial = c === 1;
    return {
      benchmark: `push ${n} queued creates, pushConcurrency ${c}${c === 4 ? ' (default)' : ''}`,
      storage: 'memory',
      sdkMs: median(times(runs)),
      baselineMs: median(times(raw)),
      sdkCpuMs: cpu(runs),
      baselineCpuMs: cpu(raw),
      baseline: `${n} raw sequential POSTs`,
      ratio,
      ratioUnit: '×',
      sdkRequests: maxRequests(runs),
      baselineRequests: n,
      target: serial ? `≤ ${PUSH_TARGET.toFixed(2)}×` : '< 1.00× (faster than raw)',
      verdict: verdict(serial ? ratio <= PUSH_TARGET : ratio < 1),
      samples: times(runs),
    };
  });
}

interface PullState {
  /** The SDK's median full pull on memory (the incremental rows' reference). */
  fullPullMs: number;
  /** …and its median client CPU. */
  fullPullCpuMs: number;
  /** Keeps its cursor; never reconciles. */
  incremental: PulledDevice | null;
  /** Reconciles on every round. */
  reconciling: PulledDevice | null;
}

async function initialPullRows(
  target: BenchTarget,
  options: SyncBenchOptions,
  state: PullState,
  log: (line: string) => void,
): Promise<{ rows: SyncBenchRow[]; notes: string[] }> {
  const n = options.pullCount;
  const rows: SyncBenchRow[] = [];
  const notes: string[] = [];
  for (const kind of options.storages ?? (['memory', 'sqlite'] as const)) {
    if (options.warmup !== false) {
      log(`initial pull (${kind}): warm-up`);
      await timeRawPull(target, kind, n);
      await (await timeInitialPull(target, kind, n)).dispose();
    }
    const raw: RawPullRun[] = [];
    const sdk: PullRun[] = [];
    for (let rep = 0; rep < options.repetitions; rep++) {
      log(`initial pull (${kind}): repetition ${rep + 1}/${options.repetitions}`);
      await rotated(rep, [
        async () => {
          raw.push(await timeRawPull(target, kind, n));
        },
        async () => {
          // On memory, keep two of the devices for the incremental rounds.
          const keepAs =
            kind !== 'memory' ? null : rep === 0 ? 'incremental' : rep === 1 ? 'reconciling' : null;
          const pulled = await timeInitialPull(target, kind, n, {
            reconcile: keepAs === 'reconciling' ? ALWAYS_RECONCILE : NEVER_RECONCILE,
          });
          sdk.push(pulled.run);
          if (keepAs) state[keepAs] = pulled;
          else await pulled.dispose();
        },
      ]);
    }
    const ratio = paired(times(sdk), times(raw));
    if (kind === 'memory') {
      state.fullPullMs = median(times(sdk));
      state.fullPullCpuMs = cpu(sdk);
    }
    rows.push({
      benchmark: `initial pull of ${n} heroes`,
      storage: STORAGE_LABELS[kind],
      sdkMs: median(times(sdk)),
      baselineMs: median(times(raw)),
      sdkCpuMs: cpu(sdk),
      baselineCpuMs: cpu(raw),
      baseline: 'raw paged GETs + 1 batch write',
      ratio,
      ratioUnit: '×',
      sdkRequests: maxRequests(sdk),
      baselineRequests: maxRequests(raw),
      target: `≤ ${PULL_TARGET.toFixed(2)}×`,
      verdict: verdict(ratio <= PULL_TARGET),
      samples: times(sdk),
    });
    notes.push(
      `raw pull on ${STORAGE_LABELS[kind]}: GETs ${median(raw.map((r) => r.fetchMs)).toFixed(0)} ms + batch write ${median(raw.map((r) => r.writeMs)).toFixed(0)} ms (medians)`,
    );
  }
  return { rows, notes };
}

async function incrementalRows(
  target: BenchTarget,
  options: SyncBenchOptions,
  state: PullState,
  log: (line: string) => void,
): Promise<SyncBenchRow[]> {
  const n = options.pullCount;
  const k = options.changes;
  if (!state.incremental) {
    state.incremental = await timeInitialPull(target, 'memory', n, { reconcile: NEVER_RECONCILE });
  }
  if (!state.reconciling) {
    state.reconciling = await timeInitialPull(target, 'memory', n, { reconcile: ALWAYS_RECONCILE });
  }
  if (!Number.isFinite(state.fullPullMs)) {
    state.fullPullMs = state.incremental.run.ms;
    state.fullPullCpuMs = state.incremental.run.cpuMs;
  }
  const plain: PullRun[] = [];
  const reconciled: PullRun[] = [];
  for (let round = 0; round < options.repetitions; round++) {
    log(`incremental pull: round ${round + 1}/${options.repetitions}`);
    const ids = await changeHeroes(target, k, round);
    plain.push(await timePullRound(state.incremental.device, ids, round));
    reconciled.push(await timePullRound(state.reconciling.device, ids, round));
  }
  const fraction = median(times(plain)) / state.fullPullMs;
  const requests = maxRequests(plain);
  const ok =
    requests <= INCREMENTAL_MAX_REQUESTS + DELETE_CHECK_REQUESTS &&
    fraction < INCREMENTAL_MAX_FRACTION;
  const reference = 'SDK full pull (above)';
  return [
    {
      benchmark: `incremental pull, ${k} changed of ${n}, no reconciliation`,
      storage: 'memory',
      sdkMs: median(times(plain)),
      baselineMs: state.fullPullMs,
      sdkCpuMs: cpu(plain),
      baselineCpuMs: state.fullPullCpuMs,
      baseline: reference,
      ratio: fraction,
      ratioUnit: '%',
      sdkRequests: requests,
      baselineRequests: state.incremental.run.requests,
      target: `≤ ${INCREMENTAL_MAX_REQUESTS} req + ${DELETE_CHECK_REQUESTS} delete checks, < ${INCREMENTAL_MAX_FRACTION * 100} %`,
      verdict: verdict(ok),
      samples: times(plain),
    },
    {
      benchmark: `pull round with reconciliation, ${k} changed of ${n}`,
      storage: 'memory',
      sdkMs: median(times(reconciled)),
      baselineMs: state.fullPullMs,
      sdkCpuMs: cpu(reconciled),
      baselineCpuMs: state.fullPullCpuMs,
      baseline: reference,
      ratio: median(times(reconciled)) / state.fullPullMs,
      ratioUnit: '%',
      sdkRequests: maxRequests(reconciled),
      baselineRequests: state.reconciling.run.requests,
      target: '— (full id listing)',
      verdict: 'info',
      samples: times(reconciled),
    },
  ];
}

/** Runs the sync benchmarks. */
export async function runSyncBench(options: SyncBenchOptions): Promise<SyncBenchReport> {
  const started = performance.now();
  const log = options.log ?? (() => {});
  const mode = options.backend ?? 'process';
  log(`starting the fake backend (${mode})`);
  const backend = await startBenchBackend(mode);
  const state: PullState = {
    fullPullMs: Number.NaN,
    fullPullCpuMs: Number.NaN,
    incremental: null,
    reconciling: null,
  };
  try {
    const pushTarget: BenchTarget = { backend, user: await newUser(backend) };
    const pullTarget: BenchTarget = { backend, user: await newUser(backend) };
    const rows = await pushRows(pushTarget, options, log);
    log(`seeding ${options.pullCount} heroes`);
    await backend.seedHeroes(pullTarget.user.userId, options.pullCount);
    const initial = await initialPullRows(pullTarget, options, state, log);
    rows.push(...initial.rows);
    rows.push(...(await incrementalRows(pullTarget, options, state, log)));
    const notes = [
      `fake backend on loopback ${mode === 'process' ? 'in its own process (server CPU ≠ client CPU, as with a remote server)' : 'in this process (client and server share one thread)'}; better-auth sessions checked on every request`,
      `client CPU = process.cpuUsage() (user + system) of the benchmark process over the timed part${mode === 'process' ? ' — the client alone, since the server runs elsewhere (includes kernel loopback work and V8 helper threads)' : ' — client AND server here (in-process backend)'}; less sensitive than wall time to other load on the machine`,
      `${options.repetitions} timed repetitions per measure, interleaved with rotating order; times are medians; push/initial-pull ratios are medians of the paired per-repetition ratios`,
      `push: the timed syncNow() is a whole round — its pull (GETs of empty collections) then the push; raw = the same JSON bodies POSTed one after another with plain fetch, each response read`,
      `initial pull: the SDK round fetches heroes (${Math.ceil(options.pullCount / 100)} pages of 100), stories and custom events (1 GET each), validates every row, applies them in one commit, reconciles ids; raw fetches only the hero pages and writes the rows as received`,
      `incremental: reconciliation is OFF for the incremental row — reconcile: { everyPulls: MAX_SAFE_INTEGER, everyMs: MAX_SAFE_INTEGER }; the reconciliation row uses reconcile: { everyMs: 1 } (due every round); requests counted at the device's fetch boundary`,
      ...initial.notes,
    ];
    return { rows, notes, seconds: (performance.now() - started) / 1000 };
  } finally {
    await state.incremental?.dispose();
    await state.reconciling?.dispose();
    await backend.close();
    removeStorageFiles();
  }
}
