/**
 * Client CPU of one push POST through the API client, as a ratio to a plain `fetch` of the
 * same request in the same run: `tsx bench/transport-cpu.ts [--calls=N] [--loopback]`.
 *
 * By default the fetch answers at once with a canned 201 (no network, no server), so what is
 * measured is only the client's own work per call: building the request, auth header, timeout
 * and abort wiring, reading and validating the body. With `--loopback` every variant sends over
 * a real socket to a server in another process that answers at once with the same body (the
 * platform's `fetch`, as a push does), so the ratios are those of the "client CPU per
 * POST ≤ 1.2× a plain fetch".
 *
 * With `--turn`, every call of every variant starts after one turn of the event loop
 * (`setImmediate`), as a real request does; without it a batch of canned calls runs as one chain
 * of microtasks. It tells whether a canned figure is low for lack of event-loop turns: in
 * docs/decisions 0035 it was not (ky's cost over a socket is higher for other reasons).
 *
 * Variants: `raw` — a plain `fetch`; `kyBare` — ky configured exactly as the SDK's transport
 * configures it (no retry, no timeout, no HTTP errors thrown, sent from its `beforeRequest` hook
 * with the headers, body and signal beside ky's Request of URL and method), the same headers and
 * JSON body: what ky itself adds; `sdk` — `heroes.create` through the API client: `sdk ÷ kyBare`
 * is what the SDK adds on top of ky; `kyJson` — ky given the body as `json` (the transport's
 * configuration before docs/decisions 0023); `ky` — ky with its own timeout and retry
 * machinery; `direct` — the transport's timeout and abort wiring around a plain `fetch`;
 * `request` and `requestSignal` — `direct` plus one more body-less `Request` of URL and method,
 * as ky builds per call, without a signal or following one (what undici does for a followed
 * signal: a `WeakRef`, a listener, a `FinalizationRegistry` entry, `setMaxListeners`).
 */
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import ky from 'ky';
import { createApiClient } from '../src/api/api-client.js';
import { hero } from '../test/support/client-samples.js';

const callsArg = process.argv.find((arg) => arg.startsWith('--calls='));
const calls = callsArg ? Number(callsArg.slice('--calls='.length)) : 4_000;
const body = JSON.stringify({ data: hero(), message: 'Hero created successfully' });
const input = { name: 'Luna', age: 6, traits: ['brave', 'curious'] };
const loopback = process.argv.includes('--loopback');
const turn = process.argv.includes('--turn');

async function startEchoServer(): Promise<{ url: string; child: ChildProcess }> {
  const file = fileURLToPath(new URL('./transport-echo-server.mjs', import.meta.url));
  const child = fork(file, [body], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('message', (message) => resolve((message as { url: string }).url));
    child.once('error', reject);
  });
  return { url, child };
}

const server = loopback ? await startEchoServer() : null;
const base = server?.url ?? 'http://bench.invalid';

const answer = async (): Promise<Response> =>
  new Response(body, { status: 201, headers: { 'content-type': 'application/json' } });
const fetchStub: typeof fetch = loopback
  ? (input, init) => fetch(input, init)
  : (_input, _init) => answer();

async function raw(): Promise<void> {
  const response = await fetchStub(`${base}/api/v1/heroes`, {
    method: 'POST',
    headers: { authorization: 'Bearer t', 'content-type': 'application/json' },
    body: JSON.stringify(input),
  });
  JSON.parse(await response.text());
}

const api = createApiClient({
  baseUrl: base,
  fetch: fetchStub,
  auth: { getAuthorization: () => 'Bearer t', onUnauthorized: async () => 'fail' },
});
async function sdk(): Promise<void> {
  await api.heroes.create(input);
}

const kyOwn = ky.create({
  prefixUrl: base,
  fetch: fetchStub,
  timeout: 30_000,
  retry: { limit: 3, methods: ['get'], statusCodes: [408, 500, 502, 503, 504] },
  hooks: { beforeRequest: [(request) => request.headers.set('authorization', 'Bearer t')] },
});
async function kyMachinery(): Promise<void> {
  const response = await kyOwn.post('api/v1/heroes', { json: input });
  JSON.parse(await response.text());
}

/**
 * ky as the transport configures it (src/api/transport.ts): ky's Request carries the URL and
 * method; its beforeRequest hook sends it with the headers, body and signal from `context`.
 */
interface Outgoing {
  readonly headers: Record<string, string>;
  readonly body: string;
  readonly signal: AbortSignal;
}
const kyLikeTransport = ky.create({
  retry: 0,
  timeout: false,
  throwHttpErrors: false,
  fetch: fetchStub,
  hooks: {
    beforeRequest: [
      (request, { context }) => {
        const outgoing = context.outgoing as Outgoing;
        return fetchStub(request.url, {
          method: request.method,
          headers: outgoing.headers,
          body: outgoing.body,
          signal: outgoing.signal,
        });
      },
    ],
  },
});
async function kyBare(): Promise<void> {
  const controller = new AbortController();
  const outgoing: Outgoing = {
    headers: {
      accept: 'application/json',
      'content-type': 'application/json',
      authorization: 'Bearer t',
    },
    body: JSON.stringify(input),
    signal: controller.signal,
  };
  const response = await kyLikeTransport(`${base}/api/v1/heroes`, {
    method: 'POST',
    context: { outgoing },
  });
  JSON.parse(await response.text());
}

/** ky given the body (`json`): the Request carries it, ky clones it, fetch copies it. */
const kyWithBody = ky.create({
  retry: 0,
  timeout: false,
  throwHttpErrors: false,
  fetch: (input: Request | URL | string, init?: RequestInit) => fetchStub(input, init),
});
async function kyJson(): Promise<void> {
  const response = await kyWithBody(`${base}/api/v1/heroes`, {
    method: 'POST',
    headers: { accept: 'application/json', authorization: 'Bearer t' },
    json: input,
  });
  JSON.parse(await response.text());
}

/** What the transport's attempt costs without ky: our timeout and abort wiring around fetch. */
async function direct(): Promise<void> {
  await directWith(() => undefined);
}

/** `direct` with one more Request of URL and method, as ky builds, with no signal. */
async function request(): Promise<void> {
  await directWith(() => new Request(`${base}/api/v1/heroes`, { method: 'POST' }));
}

/** `direct` with one more Request of URL and method following a signal of its own, as ky's does. */
async function requestSignal(): Promise<void> {
  const own = new AbortController();
  await directWith(
    () => new Request(`${base}/api/v1/heroes`, { method: 'POST', signal: own.signal }),
  );
}

async function directWith(extra: () => unknown): Promise<void> {
  extra();
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 30_000);
  try {
    const response = await fetchStub(`${base}/api/v1/heroes`, {
      method: 'POST',
      headers: {
        accept: 'application/json',
        authorization: 'Bearer t',
        'content-type': 'application/json',
      },
      body: JSON.stringify(input),
      signal: controller.signal,
    });
    JSON.parse(await response.text());
  } finally {
    clearTimeout(timer);
  }
}

/** CPU ms of `count` sequential calls of `run`. */
async function cpuOf(run: () => Promise<void>, count: number): Promise<number> {
  const start = process.cpuUsage();
  for (let i = 0; i < count; i++) {
    if (turn) await new Promise<void>((resolve) => setImmediate(resolve));
    await run();
  }
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

const variants: Record<string, () => Promise<void>> = {
  raw,
  kyBare,
  sdk,
  kyJson,
  ky: kyMachinery,
  direct,
  request,
  requestSignal,
};
const names = Object.keys(variants);
for (const name of names) await cpuOf(variants[name] as () => Promise<void>, 200); // warm-up
// Five repetitions, each in batches of 100 calls per variant, rotated: the load of a shared
// machine changes by the second, so every variant sees the same mix of it.
const BATCH = 100;
const results: Record<string, number[]> = {};
for (let rep = 0; rep < 5; rep++) {
  const used: Record<string, number> = {};
  for (let batch = 0; batch * BATCH < calls; batch++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(i + batch + rep) % names.length] as string;
      used[name] = (used[name] ?? 0) + (await cpuOf(variants[name] as () => Promise<void>, BATCH));
    }
  }
  for (const name of names) {
    const values = results[name] ?? [];
    values.push((used[name] ?? 0) / (Math.ceil(calls / BATCH) * BATCH));
    results[name] = values;
  }
}
const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const rawMs = median(results.raw ?? []);
const mode = loopback ? 'loopback server' : 'canned answers, no network';
console.log(`${mode}${turn ? ', one event-loop turn per call' : ''}, ${calls} calls × 5`);
for (const name of Object.keys(variants)) {
  const ms = median(results[name] ?? []);
  console.log(
    `${name.padEnd(13)} ${(ms * 1000).toFixed(1).padStart(7)} µs CPU/call  ×${(ms / rawMs).toFixed(2)}`,
  );
}
const kyMs = median(results.kyBare ?? []);
const sdkMs = median(results.sdk ?? []);
console.log(
  `ky over fetch ×${(kyMs / rawMs).toFixed(2)} (+${((kyMs - rawMs) * 1000).toFixed(1)} µs); SDK over ky ×${(sdkMs / kyMs).toFixed(2)} (+${((sdkMs - kyMs) * 1000).toFixed(1)} µs)`,
);
server?.child.disconnect();
