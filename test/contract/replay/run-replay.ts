/**
 * Replays the recorded exchanges, in order, against a fresh fake backend and collects every
 * difference (see `compare.ts`). Time follows the recording: before each exchange the process
 * clock is set to the moment the real request was sent, so better-auth's 10-second sign-in
 * window, session ages and the one-hour generation window see the same gaps as the real run.
 */
import { createFakeBackend, type FakeBackend } from '../../../src/testing/index.js';
import { type ActualResponse, compareResponse, type Mismatch } from './compare.js';
import type { RecordedExchange, RecordedRun } from './fixtures.js';
import { SIGNED_TOKEN } from './forms.js';
import { OUT_OF_BAND } from './out-of-band.js';
import { CREDENTIAL_SOURCES, Credentials } from './placeholders.js';
import { ValueMap } from './value-map.js';

/** Headers Node's global fetch (undici) adds on its own (fixtures named `*-fetch-*`). */
const UNDICI_HEADERS: Readonly<Record<string, string>> = {
  'sec-fetch-mode': 'cors',
  'accept-language': '*',
  'user-agent': 'node',
  accept: '*/*',
};

/** `R2_PUBLIC_URL` of the recorded backend (batch imports only accept audio URLs under it). */
export const RECORDED_R2_PUBLIC_URL = 'https://dummy-bucket.r2.dev';
/** The recorded backend's R2 endpoint (`<bucket>.<accountId>.r2.cloudflarestorage.com`). */
export const RECORDED_R2_ENDPOINT = 'https://dummy-bucket.dummyaccount.r2.cloudflarestorage.com';

/** Options of {@link replayRecordedRun}. */
export interface ReplayOptions {
  /** Sets the process clock (`Date`), e.g. `vi.setSystemTime`. */
  setSystemTime(date: Date): void;
}

/** The outcome of a replay. */
export interface ReplayResult {
  mismatches: Mismatch[];
  /** Recorded exchanges replayed. */
  exchanges: number;
  /** HTTP requests sent (repeats included). */
  requests: number;
}

/**
 * The backend's own clock follows the process clock but never stands still: each reading is at
 * least 1 ms after the previous one, as on a real server where every statement takes time (so
 * rows written by one request, like a batch import, get distinct timestamps as recorded).
 */
function steadyClock(): () => Date {
  let last = 0;
  return () => {
    last = Math.max(Date.now(), last + 1);
    return new Date(last);
  };
}

/** The fake, configured like the recorded deployment. */
export function createReplayBackend(base: string): FakeBackend {
  return createFakeBackend({
    baseUrl: base,
    now: steadyClock(),
    r2PublicUrl: RECORDED_R2_PUBLIC_URL,
    mediaOrigin: RECORDED_R2_ENDPOINT,
    authRateLimit: true,
    // Only speeds up scrypt; sessions and responses are the same.
    fastPasswordHashing: true,
    // OpenAI was unreachable for the whole recording (so nothing ever reached an R2 upload).
    aiAvailable: false,
  });
}

/** Sent with Node's global fetch: the recording's README marks them by a `fetch-` name. */
function isFetchTransport(exchange: RecordedExchange): boolean {
  return exchange.file.includes('-fetch-');
}

/** The recorded request path with recorded ids and instants replaced by the fake's. */
function rewritePath(path: string, map: ValueMap): string {
  const [pathname = '', query] = path.split('?', 2);
  const rewritten = map.rewrite(pathname);
  if (query === undefined) return rewritten;
  const params = query.split('&').map((pair) => {
    const [name = '', raw = ''] = pair.split('=', 2);
    const value = decodeURIComponent(raw);
    const mapped = /^\d{13}$/.test(value) ? map.rewriteEpoch(value) : map.rewrite(value);
    return mapped === value ? pair : `${name}=${encodeURIComponent(mapped)}`;
  });
  return `${rewritten}?${params.join('&')}`;
}

/** The raw token a recorded credential label stands for (from the recorded responses). */
function recordedCredential(run: RecordedRun, label: string): string | undefined {
  const source = CREDENTIAL_SOURCES[label];
  const issuer = run.exchanges.find((e) => e.number === source?.file);
  if (!source || !issuer) return undefined;
  if (source.part === 'body token') {
    const body = issuer.response.body;
    return body !== null && typeof body === 'object' && 'token' in body
      ? String(body.token)
      : undefined;
  }
  const header = issuer.response.headers['set-auth-token'];
  return header === null ? undefined : SIGNED_TOKEN.exec(header)?.[1];
}

/**
 * Checks the label table against the recording itself: a `get-session` that found a session
 * must show the token of the credential its label names (raw, or the raw part of a signed one).
 */
function checkLabelTable(run: RecordedRun): Mismatch[] {
  const out: Mismatch[] = [];
  for (const exchange of run.exchanges) {
    const label = /<[^<>]+>/.exec(exchange.request.headers.Authorization ?? '')?.[0];
    const body = exchange.response.body;
    if (!label || label === '<garbage token>') continue;
    const expected = recordedCredential(run, label);
    if (expected === undefined) {
      out.push({ file: exchange.file, where: 'harness', expected: label, actual: 'unknown label' });
      continue;
    }
    if (!exchange.request.path.startsWith('/api/auth/get-session')) continue;
    if (body === null || typeof body !== 'object' || !('session' in body)) continue;
    const session = body.session;
    const token =
      session !== null && typeof session === 'object' && 'token' in session ? session.token : null;
    if (token !== expected) {
      out.push({
        file: exchange.file,
        where: 'harness (label table)',
        expected: `${label} = ${expected}`,
        actual: String(token),
      });
    }
  }
  return out;
}

async function send(backend: FakeBackend, request: Request): Promise<ActualResponse> {
  const response = await backend.fetch(request);
  return { status: response.status, headers: response.headers, text: await response.text() };
}

/** Replays every exchange of `run` in order and returns all mismatches. */
export async function replayRecordedRun(
  run: RecordedRun,
  options: ReplayOptions,
): Promise<ReplayResult> {
  const mismatches: Mismatch[] = checkLabelTable(run);
  const first = run.exchanges[0];
  if (first) options.setSystemTime(new Date(Date.parse(first.recordedAt) - first.elapsedMs));
  const backend = createReplayBackend(run.base);
  const map = new ValueMap();
  const credentials = new Credentials();
  let requests = 0;

  for (const exchange of run.exchanges) {
    options.setSystemTime(new Date(Date.parse(exchange.recordedAt) - exchange.elapsedMs));
    const step = OUT_OF_BAND[exchange.number];
    const credential = (label: string): string => {
      const value = credentials.get(label);
      if (value === undefined) throw new Error(`${exchange.file}: ${label} was never issued`);
      return value;
    };
    step?.before?.(backend, credential);

    const headers = new Headers();
    for (const [name, raw] of Object.entries(exchange.request.headers)) {
      const { value, unresolved } = credentials.fill(raw);
      for (const label of unresolved) {
        mismatches.push({
          file: exchange.file,
          where: 'harness',
          expected: `a value for ${label}`,
          actual: 'not issued by the fake',
        });
      }
      headers.set(name, value);
    }
    if (isFetchTransport(exchange)) {
      for (const [name, value] of Object.entries(UNDICI_HEADERS)) headers.set(name, value);
    }
    const recordedBody = exchange.request.body;
    const body =
      recordedBody === null || recordedBody === undefined
        ? undefined
        : typeof recordedBody === 'string'
          ? map.rewrite(recordedBody)
          : JSON.stringify(map.rewriteJson(recordedBody));
    const url = `${backend.baseUrl}${rewritePath(exchange.request.path, map)}`;
    const build = () =>
      new Request(url, {
        method: exchange.request.method,
        headers,
        ...(body !== undefined ? { body } : {}),
      });

    const times = step?.sendTimes ?? 1;
    for (let i = 1; i < times; i++) {
      const earlier = await send(backend, build());
      requests++;
      if (earlier.status !== exchange.response.status) {
        mismatches.push({
          file: exchange.file,
          where: `status (identical request ${i} of ${times})`,
          expected: String(exchange.response.status),
          actual: String(earlier.status),
        });
      }
    }
    const actual = await send(backend, build());
    requests++;
    mismatches.push(...compareResponse(exchange, actual, map));
    let json: unknown = null;
    try {
      json = JSON.parse(actual.text);
    } catch {
      json = null;
    }
    credentials.learn(exchange.number, json, actual.headers);
    if (step?.verifyNote) {
      for (const problem of await step.verifyNote(backend, credential)) {
        mismatches.push({
          file: exchange.file,
          where: 'note',
          expected: step.what,
          actual: problem,
        });
      }
    }
  }
  backend.close();
  return { mismatches, exchanges: run.exchanges.length, requests };
}
