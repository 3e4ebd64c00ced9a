/**
 * The client side of a media download, against a raw `fetch` read to the end:
 * `tsx bench/media-download-cpu.ts [reps]`. A plain HTTP server in this process serves 10 MB;
 * the SDK side is the cache's download step (`download()` into `memoryBlobStore()`, progress and
 * length checks included), without the client around it. Runs alternate; prints the CPU of this
 * process (server included, the same for both) and the wall time, summed over the runs.
 */
import http from 'node:http';
import { download } from '../src/media/download.js';
import { memoryBlobStore } from '../src/media/memory-blob-store.js';

const data = new Uint8Array(10 * 1024 * 1024);
const server = http.createServer((_q, r) => {
  r.writeHead(200, { 'content-type': 'audio/mpeg', 'content-length': data.length });
  r.end(data);
});
await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
const address = server.address();
const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/a.mp3`;
async function raw() {
  const res = await fetch(url);
  const reader = res.body?.getReader();
  for (;;) {
    const c = await reader?.read();
    if (!c || c.done) return;
  }
}
const store = memoryBlobStore();
async function sdk() {
  const controller = new AbortController();
  await download({
    operation: 'media.get',
    ref: { kind: 'audio', id: 's1', version: 'v1' },
    url,
    fetch: (i, init) => fetch(i, init),
    signal: controller.signal,
    onProgress: () => {},
    reserve: async () => () => {},
    write: async (body, contentType) => {
      await store.put('k', body, { contentType, signal: controller.signal });
    },
  });
  await store.delete(['k']);
}
const run = async (fn: () => Promise<unknown>) => {
  const s = process.cpuUsage();
  const t = performance.now();
  await fn();
  const u = process.cpuUsage(s);
  return [(u.user + u.system) / 1000, performance.now() - t];
};
for (let i = 0; i < 3; i++) {
  await raw();
  await sdk();
}
const reps = Number(process.argv[2] ?? 30);
const r: Record<string, number[]> = { rawC: [], rawW: [], sdkC: [], sdkW: [] };
for (let i = 0; i < reps; i++) {
  for (const name of i % 2 ? ['sdk', 'raw'] : ['raw', 'sdk']) {
    const [c, w] = await run(name === 'raw' ? raw : sdk);
    r[`${name}C`]?.push(c as number);
    r[`${name}W`]?.push(w as number);
  }
}
const sum = (a: number[] = []) => a.reduce((x, y) => x + y, 0);
console.log(
  `CPU ×${(sum(r.sdkC) / sum(r.rawC)).toFixed(2)} (${(sum(r.sdkC) / reps).toFixed(1)} vs ${(sum(r.rawC) / reps).toFixed(1)} ms), wall ×${(sum(r.sdkW) / sum(r.rawW)).toFixed(2)} (${(sum(r.sdkW) / reps).toFixed(1)} vs ${(sum(r.rawW) / reps).toFixed(1)} ms)`,
);
server.close();
