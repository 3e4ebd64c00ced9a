/**
 * Compares one response of the fake backend with the recorded one: status, the key headers,
 * and the body (shape, key order and values), with generated values compared by form through
 * the {@link ValueMap}.
 */
import type { RecordedExchange } from './fixtures.js';
import { IMF_FIXDATE, isSignedUrl, matchTemplate, SIGNED_TOKEN, segments } from './forms.js';
import { UNORDERED_ARRAYS } from './unordered.js';
import type { ValueMap } from './value-map.js';

/** One difference between the recording and the fake. */
export interface Mismatch {
  /** The fixture file. */
  file: string;
  /** What differs: `status`, `header <name>`, `body`, `body <json path>`, `harness`, … */
  where: string;
  expected: string;
  actual: string;
}

/** What the fake answered. */
export interface ActualResponse {
  status: number;
  headers: Headers;
  text: string;
}

/**
 * How far a fake instant may be from the recorded one. The replay sets the clock to each recorded
 * request's start, so fake instants trail the recorded ones by at most the time the real server
 * spent (≤ 1.3 s, password hashing) or the gap to an out-of-band DB edit (1.5 s at 037). Three
 * seconds still catches every meaningful error: a missed 24 h slide, a 1-day vs 30-day session, a
 * one-hour reset, a 30-day usage period, a one-minute expiry.
 */
export const MAX_CLOCK_DRIFT_MS = 3000;

/** The instant of an ISO timestamp or an `X-Amz-Date` (`yyyymmddThhmmssZ`). */
function instant(value: string): number {
  const amz = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  return amz
    ? Date.parse(`${amz[1]}-${amz[2]}-${amz[3]}T${amz[4]}:${amz[5]}:${amz[6]}Z`)
    : Date.parse(value);
}

/**
 * Numbers that measure wall-clock time on the server (OpenAI retries took 1.4 s on the recorded
 * backend; the fake answers in microseconds), compared as non-negative integers.
 */
const DURATION_KEYS: ReadonlySet<string> = new Set(['averageDuration', 'requestDuration']);

function show(value: unknown): string {
  if (value === undefined) return '(absent)';
  const text = JSON.stringify(value);
  return text.length > 300 ? `${text.slice(0, 300)}… (${text.length} chars)` : text;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

class Comparer {
  readonly out: Mismatch[] = [];
  constructor(
    private readonly file: string,
    readonly map: ValueMap,
  ) {}

  /**
   * For an array the backend leaves unordered, the fake's elements rearranged to pair with the
   * recorded ones by their key's bound value; otherwise the fake's array as is.
   */
  arranged(path: string, recorded: unknown[], actual: unknown[]): unknown[] {
    const rule = UNORDERED_ARRAYS.find(
      (u) => this.file.startsWith(`${u.file}-`) && u.path === path,
    );
    if (!rule) return actual;
    const keyOf = (item: unknown): unknown =>
      item !== null && typeof item === 'object'
        ? (item as Record<string, unknown>)[rule.key]
        : undefined;
    const pool = [...actual];
    const paired = recorded.map((item) => {
      const key = keyOf(item);
      const want = typeof key === 'string' ? this.map.lookup(key) : undefined;
      const index = pool.findIndex((candidate) => want !== undefined && keyOf(candidate) === want);
      return index < 0 ? undefined : pool.splice(index, 1)[0];
    });
    return paired.map((item) => item ?? pool.shift()).concat(pool);
  }

  add(where: string, expected: unknown, actual: unknown): void {
    this.out.push({ file: this.file, where, expected: show(expected), actual: show(actual) });
  }

  /** A string that may embed generated values: same literal text, same forms, same bindings. */
  templated(where: string, recorded: string, actual: string): void {
    const pairs = matchTemplate(recorded, actual);
    if (!pairs) {
      this.add(where, recorded, actual);
      return;
    }
    for (const pair of pairs) {
      const problem = this.map.bind(pair.kind, pair.recorded, pair.actual);
      if (problem) this.add(`${where} (${pair.kind} binding)`, pair.recorded, problem);
      if (pair.kind === 'iso' || pair.kind === 'amz-date') {
        this.drift(where, pair.recorded, instant(pair.recorded), instant(pair.actual), pair.actual);
      }
    }
  }

  /** Checks that a fake instant lies within {@link MAX_CLOCK_DRIFT_MS} of the recorded one. */
  drift(
    where: string,
    recorded: unknown,
    recordedMs: number,
    actualMs: number,
    actual: unknown,
  ): void {
    // X-Amz-Date has whole seconds.
    if (!(Math.abs(actualMs - recordedMs) <= MAX_CLOCK_DRIFT_MS + 1000)) {
      this.add(`${where} (instant)`, recorded, actual);
    }
  }

  /** Presigned media URLs (CONTRACT.md §11.2 F29): location, object key, query by form. */
  signedUrl(where: string, recorded: string, actual: string): void {
    if (!isSignedUrl(actual)) {
      this.add(`${where} (signed URL form)`, recorded, actual);
      return;
    }
    const rec = new URL(recorded);
    const act = new URL(actual);
    const recKey = rec.pathname.split('/').slice(1);
    const actPath = act.pathname.split('/').slice(1);
    const actKey = actPath.slice(Math.max(0, actPath.length - recKey.length));
    const actLocation = `${act.origin}/${actPath.slice(0, actPath.length - actKey.length).join('/')}`;
    const recLocation = `${rec.origin}/`;
    if (actLocation.replace(/\/$/, '') !== recLocation.replace(/\/$/, '')) {
      this.add(`${where} (signed URL location)`, recLocation, actLocation);
    }
    this.templated(`${where} (signed URL key)`, recKey.join('/'), actKey.join('/'));
    const recNames = [...rec.searchParams.keys()];
    const actNames = [...act.searchParams.keys()];
    if (recNames.join('&') !== actNames.join('&')) {
      this.add(`${where} (signed URL parameters)`, recNames.join('&'), actNames.join('&'));
      return;
    }
    const date = act.searchParams.get('X-Amz-Date') ?? '';
    const forms: Readonly<Record<string, RegExp>> = {
      'X-Amz-Credential': new RegExp(`^[A-Za-z0-9]+/${date.slice(0, 8)}/auto/s3/aws4_request$`),
      'X-Amz-Date': /^\d{8}T\d{6}Z$/,
      'X-Amz-Signature': /^[0-9a-f]{64}$/,
    };
    for (const name of recNames) {
      const recValue = rec.searchParams.get(name) ?? '';
      const actValue = act.searchParams.get(name) ?? '';
      const form = forms[name];
      if (form ? !form.test(actValue) : recValue !== actValue) {
        this.add(`${where} (signed URL ${name})`, recValue, actValue);
      } else if (name === 'X-Amz-Date') {
        this.drift(
          `${where} (signed URL ${name})`,
          recValue,
          instant(recValue),
          instant(actValue),
          actValue,
        );
      }
    }
    const rawCredential = /X-Amz-Credential=([^&]*)/.exec(act.search)?.[1] ?? '';
    if (!rawCredential.includes('%2F')) {
      this.add(`${where} (signed URL encoding)`, 'X-Amz-Credential with %2F', rawCredential);
    }
  }

  json(path: string, recorded: unknown, actual: unknown): void {
    const where = `body ${path}`;
    if (typeName(recorded) !== typeName(actual)) {
      this.add(where, recorded, actual);
      return;
    }
    if (typeof recorded === 'string' && typeof actual === 'string') {
      if (isSignedUrl(recorded)) this.signedUrl(where, recorded, actual);
      else if (segments(recorded).some((s) => 'kind' in s)) this.templated(where, recorded, actual);
      else if (recorded !== actual) this.add(where, recorded, actual);
      return;
    }
    if (typeof recorded === 'number' && typeof actual === 'number') {
      const key = path.slice(path.lastIndexOf('.') + 1);
      if (DURATION_KEYS.has(key)) {
        if (!Number.isInteger(actual) || actual < 0)
          this.add(`${where} (duration form)`, recorded, actual);
      } else if (key === 'timestamp' && Number.isInteger(recorded) && recorded > 1e12) {
        // `/ping`'s epoch-ms timestamp.
        if (Number.isInteger(actual)) this.drift(where, recorded, recorded, actual, actual);
        else this.add(`${where} (epoch ms form)`, recorded, actual);
      } else if (recorded !== actual) {
        this.add(where, recorded, actual);
      }
      return;
    }
    if (Array.isArray(recorded) && Array.isArray(actual)) {
      if (recorded.length !== actual.length) {
        this.add(`${where} (length)`, recorded.length, actual.length);
      }
      const items = this.arranged(path, recorded, actual);
      const n = Math.min(recorded.length, items.length);
      for (let i = 0; i < n; i++) this.json(`${path}[${i}]`, recorded[i], items[i]);
      return;
    }
    if (
      recorded !== null &&
      typeof recorded === 'object' &&
      actual !== null &&
      typeof actual === 'object'
    ) {
      const rec = recorded as Record<string, unknown>;
      const act = actual as Record<string, unknown>;
      const recKeys = Object.keys(rec);
      const actKeys = Object.keys(act);
      const missing = recKeys.filter((k) => !(k in act));
      const extra = actKeys.filter((k) => !(k in rec));
      if (missing.length > 0) this.add(`${where} (missing keys)`, missing.join(', '), '(absent)');
      if (extra.length > 0) this.add(`${where} (extra keys)`, '(absent)', extra.join(', '));
      const common = recKeys.filter((k) => k in act);
      const actOrder = actKeys.filter((k) => k in rec);
      if (common.join(',') !== actOrder.join(',')) {
        this.add(`${where} (key order)`, common.join(','), actOrder.join(','));
      }
      for (const key of common) this.json(`${path}.${key}`, rec[key], act[key]);
      return;
    }
    if (recorded !== actual) this.add(where, recorded, actual);
  }
}

function compareHeaders(c: Comparer, exchange: RecordedExchange, actual: ActualResponse): void {
  const rec = exchange.response.headers;
  const get = (name: string) => actual.headers.get(name);
  for (const name of [
    'content-type',
    'access-control-allow-origin',
    'access-control-expose-headers',
    'x-retry-after',
  ] as const) {
    if (rec[name] !== get(name)) c.add(`header ${name}`, rec[name], get(name));
  }
  const token = get('set-auth-token');
  if (rec['set-auth-token-present'] !== (token !== null)) {
    c.add('header set-auth-token (presence)', rec['set-auth-token-present'], token !== null);
  }
  const recToken = rec['set-auth-token'];
  if (recToken !== null && token !== null) {
    const recParts = SIGNED_TOKEN.exec(recToken);
    const actParts = SIGNED_TOKEN.exec(token);
    if (!recParts || !actParts) {
      c.add('header set-auth-token (form)', recToken, token);
    } else {
      for (const [kind, r, a] of [
        ['auth', recParts[1] ?? '', actParts[1] ?? ''],
        ['signed-token', recToken, token],
      ] as const) {
        const problem = c.map.bind(kind, r, a);
        if (problem) c.add(`header set-auth-token (${kind} binding)`, r, problem);
      }
    }
  }
  const setCookies = actual.headers.getSetCookie();
  const cookies = setCookies.length > 0;
  // The recorder kept cookie names only: `<2 cookie(s): name, name (cleared)>`.
  const recordedCookies = exchange.response.allHeaders['set-cookie'];
  if (recordedCookies !== undefined) {
    const names = setCookies.map((line) => {
      const name = line.slice(0, line.indexOf('='));
      const cleared = /max-age=0(;|$)/i.test(line) || line.startsWith(`${name}=;`);
      return cleared ? `${name} (cleared)` : name;
    });
    const summary = `<${names.length} cookie(s): ${names.join(', ')}>`;
    if (summary !== recordedCookies) c.add('header set-cookie (names)', recordedCookies, summary);
  }
  if (rec['set-cookie-present'] !== cookies) {
    c.add('header set-cookie (presence)', rec['set-cookie-present'], cookies);
  }
  // Every other recorded header (security headers, vary, CORS): same value. Hop-by-hop and
  // framing headers belong to the HTTP server, not to the app.
  const transport = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length']);
  const checked = new Set(['date', 'set-cookie', 'set-auth-token', ...Object.keys(rec)]);
  for (const [name, value] of Object.entries(exchange.response.allHeaders)) {
    if (transport.has(name) || checked.has(name)) continue;
    if (get(name) !== value) c.add(`header ${name}`, value, get(name));
  }
  for (const [name, value] of actual.headers) {
    if (transport.has(name) || checked.has(name) || name in exchange.response.allHeaders) continue;
    c.add(`header ${name} (not recorded)`, null, value);
  }
  const date = get('date');
  if ((rec.date === null) !== (date === null) || (date !== null && !IMF_FIXDATE.test(date))) {
    c.add('header date (form)', rec.date, date);
  }
}

/** Every difference between a recorded exchange's response and the fake's answer. */
export function compareResponse(
  exchange: RecordedExchange,
  actual: ActualResponse,
  map: ValueMap,
): Mismatch[] {
  const c = new Comparer(exchange.file, map);
  const rec = exchange.response;
  if (rec.status !== actual.status) c.add('status', rec.status, actual.status);
  compareHeaders(c, exchange, actual);
  if (rec.bodyKind === 'empty') {
    if (actual.text !== '') c.add('body (expected empty)', '', actual.text);
  } else if (rec.bodyKind === 'text') {
    if (typeof rec.body !== 'string' || rec.body !== actual.text) {
      c.add('body (text)', rec.body, actual.text);
    }
  } else {
    let parsed: unknown;
    try {
      parsed = JSON.parse(actual.text);
    } catch {
      c.add('body (expected JSON)', rec.body, actual.text);
      return c.out;
    }
    c.json('$', rec.body, parsed);
  }
  return c.out;
}
