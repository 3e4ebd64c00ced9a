/**
 * Redaction of secrets from log records: `Authorization` and cookie headers, bearer tokens,
 * session tokens (`token`, `set-auth-token`, …), passwords and API keys, wherever they sit in
 * nested fields, and inside message strings (header lines, JSON text, query strings, and any
 * exact secret value the caller knows about, such as the current session token).
 */
import type { LogFields } from './logger.js';

/** What a redacted value is replaced with. */
export const REDACTED = '[REDACTED]';

/** Options for {@link redact} and {@link redactString}. */
export interface RedactOptions {
  /**
   * Exact secret values to scrub from every string (e.g. the current session token). Values
   * shorter than 8 characters are ignored so that redaction never mangles ordinary words.
   */
  readonly secrets?: Iterable<string>;
}

const MIN_SECRET_LENGTH = 8;
const MAX_DEPTH = 12;

const SENSITIVE_KEYS = new Set([
  'authorization',
  'proxyauthorization',
  'cookie',
  'cookies',
  'setcookie',
  'apikey',
  'xapikey',
  'idtoken',
  'credentials',
]);

/**
 * True when a field name holds a secret: `Authorization`, `cookie`, `set-cookie`, `token`,
 * `set-auth-token`, `accessToken`, `password`, `newPassword`, `clientSecret`, `apiKey`, ….
 */
export function isSensitiveKey(key: string): boolean {
  const normalized = key.toLowerCase().replace(/[^a-z0-9]/g, '');
  return (
    SENSITIVE_KEYS.has(normalized) ||
    normalized.endsWith('token') ||
    normalized.endsWith('tokens') ||
    normalized.endsWith('password') ||
    normalized.endsWith('passwd') ||
    normalized.endsWith('secret')
  );
}

const KEY_NAMES =
  '(?:authorization|proxy-authorization|cookie|set-cookie|set-auth-token|token|access_?token|refresh_?token|id_?token|session_?token|password|new_?password|current_?password|secret|client_?secret|api_?key|x-api-key)';

const STRING_PATTERNS: ReadonlyArray<readonly [RegExp, string]> = [
  // `Bearer abc.def%3D`, `Basic dXNlcjpwYXNz` anywhere in text.
  [/\b(Bearer|Basic)\s+[^\s,;"'`]+/gi, `$1 ${REDACTED}`],
  // JSON text: "password":"…", "token": "…"
  [new RegExp(`("${KEY_NAMES}"\\s*:\\s*")(?:[^"\\\\]|\\\\.)*"`, 'gi'), `$1${REDACTED}"`],
  // Header lines and key=value / key: value pairs: `authorization: …`, `password=…`.
  [
    new RegExp(
      `(^|[\\s?&;,{(])(${KEY_NAMES})(\\s*[:=]\\s*)(?!"|(?:Bearer|Basic)\\s)[^\\s&;,"'}\\])]+`,
      'gim',
    ),
    `$1$2$3${REDACTED}`,
  ],
];

function secretList(options: RedactOptions | undefined): string[] {
  if (!options?.secrets) return [];
  const list: string[] = [];
  for (const secret of options.secrets) {
    if (typeof secret === 'string' && secret.length >= MIN_SECRET_LENGTH) list.push(secret);
  }
  // Longest first, so a secret that contains another is removed whole.
  return list.sort((a, b) => b.length - a.length);
}

function scrub(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) {
    if (result.includes(secret)) result = result.split(secret).join(REDACTED);
  }
  for (const [pattern, replacement] of STRING_PATTERNS) {
    result = result.replace(pattern, replacement);
  }
  return result;
}

/** Returns `text` with bearer credentials, secret-looking pairs and known secrets replaced. */
export function redactString(text: string, options?: RedactOptions): string {
  return scrub(text, secretList(options));
}

interface HeadersLike {
  forEach(callback: (value: string, key: string) => void): void;
  get(name: string): string | null;
}

function isHeadersLike(value: object): value is HeadersLike {
  return (
    (typeof Headers !== 'undefined' && value instanceof Headers) ||
    (typeof (value as { forEach?: unknown }).forEach === 'function' &&
      typeof (value as { get?: unknown }).get === 'function' &&
      typeof (value as { has?: unknown }).has === 'function' &&
      !(value instanceof Map))
  );
}

function redactNode(
  value: unknown,
  secrets: readonly string[],
  seen: WeakSet<object>,
  depth: number,
): unknown {
  if (typeof value === 'string') return scrub(value, secrets);
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'function') return '[Function]';
    if (typeof value === 'symbol') return value.toString();
    return value;
  }
  if (seen.has(value)) return '[Circular]';
  if (depth >= MAX_DEPTH) return '[Truncated]';
  seen.add(value);
  try {
    if (value instanceof Date) {
      return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
    }
    if (value instanceof URL) return scrub(value.href, secrets);
    if (value instanceof ArrayBuffer) return `[${value.byteLength} bytes]`;
    if (ArrayBuffer.isView(value)) return `[${value.byteLength} bytes]`;
    if (Array.isArray(value)) {
      return value.map((item) => redactNode(item, secrets, seen, depth + 1));
    }
    if (value instanceof Error) {
      const out: Record<string, unknown> = { name: value.name, message: value.message };
      for (const [key, item] of Object.entries(value)) out[key] = item;
      if (value.cause !== undefined) out.cause = value.cause;
      return redactObject(out, secrets, seen, depth);
    }
    if (value instanceof Map) {
      const out: Record<string, unknown> = {};
      for (const [key, item] of value) out[String(key)] = item;
      return redactObject(out, secrets, seen, depth);
    }
    if (value instanceof Set) {
      return [...value].map((item) => redactNode(item, secrets, seen, depth + 1));
    }
    if (isHeadersLike(value)) {
      const out: Record<string, unknown> = {};
      value.forEach((item, key) => {
        out[key] = item;
      });
      return redactObject(out, secrets, seen, depth);
    }
    return redactObject(value as Record<string, unknown>, secrets, seen, depth);
  } finally {
    seen.delete(value);
  }
}

function redactObject(
  value: Record<string, unknown>,
  secrets: readonly string[],
  seen: WeakSet<object>,
  depth: number,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (isSensitiveKey(key) && item !== null && item !== undefined && item !== '') {
      out[key] = REDACTED;
    } else {
      out[key] = redactNode(item, secrets, seen, depth + 1);
    }
  }
  return out;
}

/**
 * A deep copy of `value` with every secret removed. Never mutates its input; handles cycles,
 * `Error`s (name, message, own fields, cause), `Headers`, `Map`, `Set`, `Date`, `URL` and byte
 * arrays.
 */
export function redactValue(value: unknown, options?: RedactOptions): unknown {
  return redactNode(value, secretList(options), new WeakSet(), 0);
}

/**
 * Log fields with every secret removed (see {@link redactValue}).
 *
 * @example
 * ```ts
 * redact({ headers: { Authorization: 'Bearer abc' }, body: { password: 'hunter22' } });
 * // → { headers: { Authorization: '[REDACTED]' }, body: { password: '[REDACTED]' } }
 * ```
 */
export function redact(fields: LogFields, options?: RedactOptions): Record<string, unknown> {
  return redactObject(fields, secretList(options), new WeakSet(), 0);
}
