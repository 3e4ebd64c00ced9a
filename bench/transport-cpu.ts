/**
 * Client CPU of one push POST through the API client, as a ratio to a plain `fetch` of the
 * same request in the same run: `tsx bench/transport-cpu.ts [--calls=N]`.
 *
 * The fetch answers at once with a canned 201 (no network, no server), so what is measured is
 * only the client's own work per call: building the request, auth header, timeout and abort
 * wiring, reading and validating the body. Also measured: ky used with its own timeout and
 * retry machinery (what moving the transport onto ky would cost per call).
 */
import ky from 'ky';
import { createApiClient } from '../src/api/api-client.js';
import { hero } from '../test/support/client-samples.js';

const callsArg = process.argv.find((arg) => arg.startsWith('--calls='));
const calls = callsArg ? Number(callsArg.slice('--calls='.length)) : 4_000;
const body = JSON.stringify({ data: hero(), message: 'Hero created successfully' });
const input = { name: 'Luna', age: 6, traits: ['brave', 'curious'] };
const base = 'http://bench.invalid';

const answer = async (): Promise<Response> =>
  new Response(body, { status: 201, headers: { 'content-type': 'application/json' } });
const fetchStub = (_input: RequestInfo | URL, _init?: RequestInit) => answer();

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

/** What the transport's attempt costs without ky: our timeout and abort wiring around fetch. */
async function direct(): Promise<void> {
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

async function cpuPerCall(run: () => Promise<void>): Promise<number> {
  for (let i = 0; i < 200; i++) await run(); // warm-up
  const start = process.cpuUsage();
  for (let i = 0; i < calls; i++) await run();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000 / calls;
}

const results: Record<string, number[]> = { raw: [], sdk: [], ky: [], direct: [] };
for (let rep = 0; rep < 5; rep++) {
  results.raw?.push(await cpuPerCall(raw));
  results.sdk?.push(await cpuPerCall(sdk));
  results.ky?.push(await cpuPerCall(kyMachinery));
  results.direct?.push(await cpuPerCall(direct));
}
const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const rawMs = median(results.raw ?? []);
for (const [name, values] of Object.entries(results)) {
  const ms = median(values);
  console.log(
    `${name.padEnd(6)} ${(ms * 1000).toFixed(1).padStart(7)} µs CPU/call  ×${(ms / rawMs).toFixed(2)}`,
  );
}
