/**
 * The migration benchmark (issue #12): migrating a legacy library of N heroes and M stories over
 * loopback, against the raw batch requests alone (the same data posted straight to `/api/batch`
 * and `/api/batch/stories`, nothing else) in the same run. Reported: median total time, requests,
 * the time ratio (target ≤ 1.3×) and where the migration's time goes.
 */
import { type ApiClient, createApiClient } from '../../src/api/api-client.js';
import { storageCheckpointStore } from '../../src/migration/checkpoint.js';
import type { LegacyExportInput } from '../../src/migration/export-format.js';
import { migrateLegacyLibrary } from '../../src/migration/migrate-legacy-library.js';
import type { MigrationStep } from '../../src/migration/migration-progress.js';
import { memoryStorage } from '../../src/storage-adapters/memory-storage.js';
import { openLocalStore } from '../../src/store/local-store.js';
import { type BackendMode, type BenchBackend, startBenchBackend } from '../sync/backend.js';
import { median } from '../sync/report.js';

/** Options of {@link runMigrationBench}. */
export interface MigrationBenchOptions {
  readonly heroes: number;
  readonly stories: number;
  readonly repetitions: number;
  readonly backend: BackendMode;
  /** Characters of each story's text. @default 2000 */
  readonly storyLength?: number;
  readonly log?: (line: string) => void;
}

/** The benchmark's result. */
export interface MigrationBenchReport {
  readonly heroes: number;
  readonly stories: number;
  /** Median ms of the raw batch requests and of the migration. */
  readonly rawMs: number;
  readonly migrationMs: number;
  readonly ratio: number;
  /** Median ms of reading the same rows back with plain listing requests (no migration). */
  readonly rawReadBackMs: number;
  /** migration ÷ (raw batches + raw read-back): the migration against the floor of its own requests. */
  readonly ratioWithReadBack: number;
  readonly rawRequests: number;
  readonly migrationRequests: number;
  /** Median ms per step of the migration. */
  readonly steps: Readonly<Partial<Record<MigrationStep, number>>>;
  readonly samples: { readonly raw: readonly number[]; readonly migration: readonly number[] };
  readonly target: number;
  readonly verdict: 'PASS' | 'MISS';
}

const TRAITS = ['brave', 'curious', 'kind', 'funny', 'clever', 'gentle'];

/** A legacy library of `heroes` heroes and `stories` stories spread over them. */
export function benchLibrary(
  heroes: number,
  stories: number,
  storyLength = 2_000,
): LegacyExportInput {
  const text = 'Once upon a time, under a sky full of patient stars, '.repeat(
    Math.ceil(storyLength / 52),
  );
  return {
    format: 'infinitestories-legacy-export',
    version: 1,
    exportedAt: '2026-12-01T20:00:00.000Z',
    heroes: Array.from({ length: heroes }, (_, i) => ({
      id: `hero-${i}`,
      name: `Hero ${i}`,
      age: 3 + (i % 10),
      primaryTrait: TRAITS[i % TRAITS.length] ?? 'brave',
      secondaryTrait: TRAITS[(i + 1) % TRAITS.length] ?? 'kind',
      specialAbility: 'sings to the moon',
      hairColor: 'brown',
    })),
    stories: Array.from({ length: stories }, (_, i) => ({
      id: `story-${i}`,
      heroId: `hero-${i % heroes}`,
      title: `Story ${i}`,
      content: `${text.slice(0, storyLength - 10)} (#${i})`,
      eventType: 'Bedtime Adventure',
      isFavorite: i % 7 === 0,
      playCount: i % 5,
    })),
  };
}

let users = 0;

async function account(backend: BenchBackend): Promise<{ api: ApiClient; requests: () => number }> {
  users++;
  const { token } = await backend.createUser({
    email: `migration-bench-${process.pid}-${users}@example.test`,
    password: 'password-123',
    name: `Bench ${users}`,
  });
  let count = 0;
  const api = createApiClient({
    baseUrl: backend.url,
    auth: { getAuthorization: () => `Bearer ${token}`, onUnauthorized: async () => 'fail' },
    timeoutMs: 120_000,
    fetch: (input, init) => {
      count++;
      return fetch(input, init);
    },
  });
  return { api, requests: () => count };
}

/** The raw cost: the same heroes and stories posted straight to the batch routes. */
async function rawBatches(backend: BenchBackend, library: LegacyExportInput) {
  const { api, requests } = await account(backend);
  const started = performance.now();
  const ids = new Map<string, string>();
  for (let i = 0; i < library.heroes.length; i += 100) {
    const heroes = library.heroes.slice(i, i + 100).map((hero) => ({
      id: hero.id,
      name: hero.name,
      age: hero.age ?? 7,
      traits: [hero.primaryTrait, hero.secondaryTrait ?? ''],
      specialAbilities: [hero.specialAbility ?? ''],
      hairColor: hero.hairColor ?? null,
    }));
    const answer = await api.batch.importHeroes(heroes);
    for (const created of answer.results.created) ids.set(created.localId, created.serverId);
  }
  for (let i = 0; i < library.stories.length; i += 100) {
    const stories = library.stories.slice(i, i + 100).map((story) => ({
      id: story.id,
      heroId: ids.get(story.heroId) ?? '',
      title: story.title,
      content: story.content,
      eventType: story.eventType ?? null,
      language: 'en',
      isFavorite: story.isFavorite ?? false,
    }));
    await api.batch.importStories(stories);
  }
  const ms = performance.now() - started;
  const count = requests();
  // What the migration's verification reads back, alone: the same listings, page by page.
  const readStarted = performance.now();
  let read = 0;
  for (let offset = 0; offset < library.heroes.length; offset += 100) {
    read += (await api.heroes.list({ limit: 100, offset })).heroes.length;
  }
  for (let offset = 0; offset < library.stories.length; offset += 100) {
    read += (await api.stories.list({ limit: 100, offset })).stories.length;
  }
  if (read !== library.heroes.length + library.stories.length) {
    throw new Error(`the raw read-back found ${read} rows`);
  }
  return { ms, requests: count, readBackMs: performance.now() - readStarted };
}

/** The migration of the same library, with a local store and checkpoints, as a client runs it. */
async function migration(backend: BenchBackend, library: LegacyExportInput) {
  const { api, requests } = await account(backend);
  const profile = await api.user.profile();
  const before = requests();
  const store = await openLocalStore({ storage: memoryStorage(), userId: profile.id });
  const steps: Partial<Record<MigrationStep, number>> = {};
  let step: MigrationStep = 'validate';
  let stepStarted = performance.now();
  const started = performance.now();
  const report = await migrateLegacyLibrary(library, {
    client: { api },
    checkpointStore: storageCheckpointStore(memoryStorage()),
    store,
    onProgress: (progress) => {
      if (progress.step === step) return;
      const now = performance.now();
      steps[step] = (steps[step] ?? 0) + (now - stepStarted);
      step = progress.step;
      stepStarted = now;
    },
  });
  const ms = performance.now() - started;
  await store.close();
  if (report.verification?.counts.stories.found !== library.stories.length) {
    throw new Error('the migration did not verify every story');
  }
  return { ms, requests: requests() - before, steps };
}

/** Runs the benchmark: raw and migration alternate, each on a fresh account. */
export async function runMigrationBench(
  options: MigrationBenchOptions,
): Promise<MigrationBenchReport> {
  const log = options.log ?? (() => {});
  const library = benchLibrary(options.heroes, options.stories, options.storyLength);
  const backend = await startBenchBackend(options.backend);
  const raw: number[] = [];
  const readBack: number[] = [];
  const migrated: number[] = [];
  const stepSamples: Partial<Record<MigrationStep, number[]>> = {};
  let rawRequests = 0;
  let migrationRequests = 0;
  try {
    await rawBatches(backend, library); // warm-up (JIT, connections)
    for (let rep = 0; rep < options.repetitions; rep++) {
      const first = rep % 2 === 0;
      if (!first) {
        const rawRun = await rawBatches(backend, library);
        raw.push(rawRun.ms);
        readBack.push(rawRun.readBackMs);
      }
      const run = await migration(backend, library);
      migrated.push(run.ms);
      migrationRequests = Math.max(migrationRequests, run.requests);
      for (const [name, ms] of Object.entries(run.steps)) {
        const samples = stepSamples[name as MigrationStep] ?? [];
        samples.push(ms);
        stepSamples[name as MigrationStep] = samples;
      }
      if (first) {
        const rawRun = await rawBatches(backend, library);
        raw.push(rawRun.ms);
        readBack.push(rawRun.readBackMs);
        rawRequests = rawRun.requests;
      }
      log(
        `repetition ${rep + 1}: raw ${raw.at(-1)?.toFixed(0)} ms, migration ${run.ms.toFixed(0)} ms`,
      );
    }
    if (rawRequests === 0) rawRequests = (await rawBatches(backend, library)).requests;
  } finally {
    await backend.close();
  }
  const rawMs = median(raw);
  const migrationMs = median(migrated);
  const steps = Object.fromEntries(
    Object.entries(stepSamples).map(([name, samples]) => [name, median(samples)]),
  );
  return {
    heroes: options.heroes,
    stories: options.stories,
    rawMs,
    migrationMs,
    ratio: migrationMs / rawMs,
    rawReadBackMs: median(readBack),
    ratioWithReadBack: median(migrated.map((ms, i) => ms / ((raw[i] ?? 0) + (readBack[i] ?? 0)))),
    rawRequests,
    migrationRequests,
    steps,
    samples: { raw, migration: migrated },
    target: 1.3,
    verdict: migrationMs / rawMs <= 1.3 ? 'PASS' : 'MISS',
  };
}

/** The report as a plain-text table. */
export function formatMigrationReport(report: MigrationBenchReport, environment: string): string {
  const steps = Object.entries(report.steps)
    .filter(([, ms]) => ms >= 0.5)
    .map(([name, ms]) => `${name} ${ms.toFixed(0)} ms`)
    .join(', ');
  return [
    `Migration benchmark — ${environment}`,
    '',
    '| benchmark | raw batch requests | migration | ratio | target | verdict |',
    '|---|---|---|---|---|---|',
    `| ${report.heroes} heroes + ${report.stories} stories, time (median) | ${report.rawMs.toFixed(0)} ms | ${report.migrationMs.toFixed(0)} ms | ${report.ratio.toFixed(2)}× | ≤ ${report.target}× | ${report.verdict} |`,
    `| the same, against raw batches + a raw read-back of the rows (${report.rawReadBackMs.toFixed(0)} ms) | ${(report.rawMs + report.rawReadBackMs).toFixed(0)} ms | ${report.migrationMs.toFixed(0)} ms | ${report.ratioWithReadBack.toFixed(2)}× | info | info |`,
    `| requests | ${report.rawRequests} | ${report.migrationRequests} | ${(report.migrationRequests / report.rawRequests).toFixed(2)}× | info | info |`,
    '',
    `Migration steps (median): ${steps}.`,
    `Samples (ms): raw ${report.samples.raw.map((v) => v.toFixed(0)).join(', ')}; migration ${report.samples.migration.map((v) => v.toFixed(0)).join(', ')}.`,
    'The migration adds a session check, a durable checkpoint per chunk, a read-back of every',
    'created row for the field-by-field verification, and the write of the rows into the local store.',
  ].join('\n');
}
