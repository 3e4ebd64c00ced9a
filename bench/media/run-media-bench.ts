/**
 * The media benchmarks (issue #11), each measured against the raw cost of the same work in the
 * same run:
 * - evicting N entries (the cache's `evict()`) vs deleting the same keys from the blob store;
 * - a download through `client.media.get()` vs a raw `fetch()` of the same signed URL read to
 *   the end (both over real loopback HTTP);
 * - peak heap growth while a large file streams into the filesystem store, vs a raw fetch
 *   streamed into a file;
 * - a cache hit (`get()` + `bytes()`) vs reading the same entry from the blob store directly.
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createClient, type MediaRef } from '../../src/index.js';
import type { BlobStore } from '../../src/media/blob-store.js';
import { fileBlobStore } from '../../src/media/file-blob-store.js';
import { storageKeyOf } from '../../src/media/media-entry.js';
import { memoryBlobStore } from '../../src/media/memory-blob-store.js';
import { startFakeBackendServer } from '../../src/testing/index.js';
import { median, now } from '../stats.js';
import { markdownTable } from '../table.js';
import { settledHeapUsed } from '../timing.js';

/** Sizes and repetitions. */
export interface MediaBenchOptions {
  readonly evictEntries: number;
  readonly downloadBytes: number;
  readonly streamBytes: number;
  readonly hitBytes: number;
  readonly repetitions: number;
  readonly log?: ((line: string) => void) | undefined;
  /** Runs only these benchmarks. @default all */
  readonly only?: readonly MediaBenchName[] | undefined;
}

/** The media benchmarks, by name (`--only=download,hit`). */
export type MediaBenchName = 'evict' | 'download' | 'stream' | 'hit';

/** One row: the SDK's cost, the raw cost, their ratio, and the target. */
export interface MediaBenchRow {
  readonly benchmark: string;
  readonly store: string;
  readonly unit: 'ms' | 'MB';
  readonly sdk: number;
  readonly raw: number;
  readonly ratio: number;
  readonly target: string;
  readonly verdict: 'PASS' | 'MISS' | 'info';
}

const MB = 1024 * 1024;
const rates = {
  story_generation: 100,
  audio_generation: 100,
  avatar_generation: 100,
  illustration_generation: 100,
};

/** Runs every media benchmark; returns the rows. */
export async function runMediaBench(options: MediaBenchOptions): Promise<MediaBenchRow[]> {
  const log = options.log ?? (() => {});
  const directory = await mkdtemp(join(tmpdir(), 'sdk-media-bench-'));
  const server = await startFakeBackendServer({
    authRateLimit: false,
    fastPasswordHashing: true,
    rateLimits: rates,
  });
  const rows: MediaBenchRow[] = [];
  const runs = (name: MediaBenchName) => !options.only || options.only.includes(name);
  try {
    const account = await library(server.url);
    for (const [label, make] of runs('evict') ? stores(directory) : []) {
      log(`evict ${options.evictEntries} entries (${label})`);
      rows.push(await evictBench(server.url, account, label, make, options));
    }
    const audio = async (bytes: number) => setAudioSize(server, account, bytes);
    if (runs('download')) {
      log(`download ${(options.downloadBytes / MB).toFixed(0)} MB`);
      await audio(options.downloadBytes);
      rows.push(...(await downloadBench(server.url, account, options)));
    }
    if (runs('stream')) {
      log(`stream ${(options.streamBytes / MB).toFixed(0)} MB into the file store`);
      await audio(options.streamBytes);
      rows.push(...(await streamBench(server.url, account, join(directory, 'stream'), options)));
    }
    await audio(options.hitBytes);
    for (const [label, make] of runs('hit') ? stores(directory) : []) {
      log(`cache hit of ${(options.hitBytes / MB).toFixed(0)} MB (${label})`);
      rows.push(await hitBench(server.url, account, label, make, options));
    }
  } finally {
    await server.close();
    await rm(directory, { recursive: true, force: true });
  }
  return rows;
}

type Account = { email: string; password: string; storyId: string };

function stores(directory: string): [string, () => BlobStore][] {
  let n = 0;
  return [
    ['memory', () => memoryBlobStore()],
    ['file', () => fileBlobStore({ directory: join(directory, `store-${++n}`) })],
  ];
}

async function library(baseUrl: string): Promise<Account> {
  const email = `bench-${Date.now()}@example.test`;
  const password = 'password-123456';
  const client = createClient({ baseUrl, sync: { autoStart: false } });
  await client.ready;
  await client.auth.signUp({ email, password, name: 'Bench' });
  const hero = await client.heroes.create({ name: 'Luna', age: 7, traits: ['brave'] });
  await client.sync.syncNow();
  const story = await client.stories.generate({ heroId: hero.id, language: 'en' });
  await client.stories.generateAudio(story.id);
  await client.close();
  return { email, password, storyId: story.id };
}

/** Makes the story's stored audio `bytes` long (the signed URL serves whatever the key holds). */
function setAudioSize(
  server: Awaited<ReturnType<typeof startFakeBackendServer>>,
  account: Account,
  bytes: number,
): void {
  const story = server.backend.db.stories.get(account.storyId);
  const key = story?.audioUrl?.replace(/^https?:\/\/[^/]+\//, '') ?? '';
  const data = new Uint8Array(bytes);
  for (let i = 0; i < bytes; i += 4096) data[i] = i & 0xff;
  server.backend.db.media.set(key, { key, contentType: 'audio/mpeg', bytes: data });
}

async function device(
  baseUrl: string,
  account: Account,
  blobStore: BlobStore,
  maxBytes = 4096 * MB,
  clock?: { now(): number },
) {
  const client = createClient({
    baseUrl,
    blobStore,
    media: { maxBytes },
    sync: { autoStart: false },
    keepAlive: false,
    ...(clock ? { clock } : {}),
  });
  await client.ready;
  // A keep-alive socket the loopback server has just closed can reset the first request of a
  // new client on a loaded machine: try the sign-in again.
  for (let attempt = 1; ; attempt++) {
    try {
      await client.auth.signIn({ email: account.email, password: account.password });
      break;
    } catch (error) {
      if (attempt >= 3) throw error;
    }
  }
  await client.sync.syncNow();
  const ref = client.stories.audioRef(account.storyId);
  if (!ref) throw new Error('bench: no audio ref');
  const userId = client.auth.userId ?? '';
  return { client, ref, userId };
}

function row(
  benchmark: string,
  store: string,
  unit: MediaBenchRow['unit'],
  sdk: number[],
  raw: number[],
  target: number | null,
  absolute?: number,
): MediaBenchRow {
  const ratios = sdk.map((value, i) => value / (raw[i] || Number.EPSILON));
  const ratio = median(ratios);
  const checked = absolute ?? ratio;
  return {
    benchmark,
    store,
    unit,
    sdk: median(sdk),
    raw: median(raw),
    ratio,
    target: target === null ? '' : absolute !== undefined ? `< ${target} ${unit}` : `≤ ${target}×`,
    verdict: target === null ? 'info' : checked <= target ? 'PASS' : 'MISS',
  };
}

async function evictBench(
  baseUrl: string,
  account: Account,
  label: string,
  make: () => BlobStore,
  options: MediaBenchOptions,
): Promise<MediaBenchRow> {
  const sdk: number[] = [];
  const raw: number[] = [];
  const payload = new Uint8Array(1024);
  let time = Date.now();
  const clock = { now: () => time };
  const store = make();
  const { client, userId } = await device(baseUrl, account, store, 4096 * MB, clock);
  try {
    for (let rep = 0; rep < options.repetitions; rep++) {
      const refs: MediaRef[] = Array.from({ length: options.evictEntries }, (_, i) => ({
        kind: 'illustration',
        id: `i${i}`,
        version: `g${rep}`,
      }));
      for (const ref of refs) await client.media.put(ref, payload, { contentType: 'image/png' });
      time += 15 * 86_400_000; // past the illustrations' 14 days
      let started = now();
      const result = await client.media.evict();
      sdk.push(now() - started);
      if (result.evicted !== refs.length) throw new Error(`bench: evicted ${result.evicted}`);
      const keys = refs.map((ref) => storageKeyOf(userId, ref));
      for (const key of keys) await store.put(key, payload, { contentType: 'image/png' });
      started = now();
      await store.delete(keys);
      raw.push(now() - started);
    }
  } finally {
    await client.close();
  }
  return row(
    `evict ${options.evictEntries.toLocaleString('en-US')} entries (ms, raw = store.delete of the keys)`,
    label,
    'ms',
    sdk,
    raw,
    50,
    median(sdk),
  );
}

async function readAll(response: Response): Promise<number> {
  let size = 0;
  const reader = response.body?.getReader();
  for (;;) {
    const chunk = await reader?.read();
    if (!chunk || chunk.done) return size;
    size += chunk.value.byteLength;
  }
}

async function downloadBench(
  baseUrl: string,
  account: Account,
  options: MediaBenchOptions,
): Promise<MediaBenchRow[]> {
  const { client, ref } = await device(baseUrl, account, memoryBlobStore());
  const sdk: number[] = [];
  const raw: number[] = [];
  const sdkCpu: number[] = [];
  const rawCpu: number[] = [];
  const cpuMs = (since: NodeJS.CpuUsage) => {
    const used = process.cpuUsage(since);
    return (used.user + used.system) / 1000;
  };
  try {
    const url = client.stories.get(account.storyId)?.audioUrl ?? '';
    await readAll(await fetch(url)); // warm the connection
    for (let rep = 0; rep < options.repetitions; rep++) {
      let cpu = process.cpuUsage();
      let started = now();
      const size = await readAll(await fetch(url));
      raw.push(now() - started);
      rawCpu.push(cpuMs(cpu));
      cpu = process.cpuUsage();
      started = now();
      const content = await client.media.get(ref);
      sdk.push(now() - started);
      sdkCpu.push(cpuMs(cpu));
      if (content.size !== size || size !== options.downloadBytes)
        throw new Error('bench: size mismatch');
      await client.media.clear({ pinned: true });
    }
  } finally {
    await client.close();
  }
  const size = (options.downloadBytes / MB).toFixed(0);
  return [
    row(`download ${size} MB audio: media.get vs raw fetch (ms)`, 'memory', 'ms', sdk, raw, 1.1),
    row(
      `download ${size} MB audio: CPU of this process, server included (ms)`,
      'memory',
      'ms',
      sdkCpu,
      rawCpu,
      null,
    ),
  ];
}

/** Runs `work` while sampling the heap; returns the peak growth over the settled baseline, in MB. */
async function peakHeapGrowth(work: (sample: () => void) => Promise<void>): Promise<number> {
  const baseline = settledHeapUsed();
  let peak = baseline;
  const sample = () => {
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  };
  const timer = setInterval(sample, 5);
  try {
    await work(sample);
  } finally {
    clearInterval(timer);
  }
  sample();
  return (peak - baseline) / MB;
}

async function streamBench(
  baseUrl: string,
  account: Account,
  directory: string,
  options: MediaBenchOptions,
): Promise<MediaBenchRow[]> {
  const store = fileBlobStore({ directory });
  const { client, ref } = await device(baseUrl, account, store);
  const heapSdk: number[] = [];
  const heapRaw: number[] = [];
  const timeSdk: number[] = [];
  const timeRaw: number[] = [];
  try {
    const url = client.stories.get(account.storyId)?.audioUrl ?? '';
    for (let rep = 0; rep < options.repetitions; rep++) {
      let started = now();
      heapRaw.push(
        await peakHeapGrowth(async () => {
          const response = await fetch(url);
          await pipeline(
            Readable.fromWeb(response.body as never),
            createWriteStream(`${directory}-raw.bin`),
          );
        }),
      );
      timeRaw.push(now() - started);
      started = now();
      heapSdk.push(
        await peakHeapGrowth(async (sample) => {
          await client.media.get(ref, { onProgress: sample });
        }),
      );
      timeSdk.push(now() - started);
      await client.media.clear({ pinned: true });
    }
  } finally {
    await client.close();
  }
  const size = (options.streamBytes / MB).toFixed(0);
  return [
    row(
      `${size} MB download into the file store: peak heap growth (MB, raw = fetch piped to a file)`,
      'file',
      'MB',
      heapSdk,
      heapRaw,
      5,
      median(heapSdk),
    ),
    row(
      `${size} MB download into the file store: time (ms, raw = fetch piped to a file)`,
      'file',
      'ms',
      timeSdk,
      timeRaw,
      null,
    ),
  ];
}

async function hitBench(
  baseUrl: string,
  account: Account,
  label: string,
  make: () => BlobStore,
  options: MediaBenchOptions,
): Promise<MediaBenchRow> {
  const store = make();
  const { client, ref, userId } = await device(baseUrl, account, store);
  const sdk: number[] = [];
  const raw: number[] = [];
  try {
    await client.media.get(ref);
    const key = storageKeyOf(userId, ref);
    const rounds = 20;
    for (let rep = 0; rep < options.repetitions; rep++) {
      let rawTotal = 0;
      let sdkTotal = 0;
      const readRaw = async () => {
        settledHeapUsed();
        const started = now();
        await (await store.get(key))?.bytes();
        rawTotal += now() - started;
      };
      const readSdk = async () => {
        settledHeapUsed();
        const started = now();
        await (await client.media.get(ref)).bytes();
        sdkTotal += now() - started;
      };
      for (let i = 0; i < rounds; i++) {
        // Each read after a full GC, so neither pays for the other's garbage, and in turns (raw
        // first, then the SDK first): the second read of a pair is not timed like the first (the
        // file is in the page cache, the allocator has pages at hand), which moved the ratio by
        // up to a third either way while the order was fixed.
        if (i % 2 === 0) {
          await readRaw();
          await readSdk();
        } else {
          await readSdk();
          await readRaw();
        }
      }
      raw.push(rawTotal / rounds);
      sdk.push(sdkTotal / rounds);
    }
  } finally {
    await client.close();
  }
  return row(
    `cache hit of ${(options.hitBytes / MB).toFixed(0)} MB: get + bytes vs store.get + bytes (ms)`,
    label,
    'ms',
    sdk,
    raw,
    1.1,
  );
}

/** The rows as a table. */
export function formatMediaReport(rows: readonly MediaBenchRow[]): string {
  const headers = ['benchmark', 'store', 'sdk', 'raw', 'ratio', 'target', 'result'];
  const value = (v: number, unit: string) => `${v.toFixed(unit === 'MB' ? 2 : 1)} ${unit}`;
  const cells = rows.map((r) => [
    r.benchmark,
    r.store,
    value(r.sdk, r.unit),
    value(r.raw, r.unit),
    `${r.ratio.toFixed(2)}×`,
    r.target || '—',
    r.verdict,
  ]);
  return [
    markdownTable(headers, cells),
    '',
    'medians over the repetitions; ratio = the median of the per-repetition sdk ÷ raw; absolute targets (ms, MB) are checked on the sdk value',
  ].join('\n');
}
