/**
 * The "forms" of server-generated values that the replay compares by shape instead of by value
 * (CONTRACT.md §11.1, §11.2 F29): app ids, better-auth ids and tokens, signed tokens,
 * timestamps, and the parts of signed media URLs.
 */

/** The kinds of generated values found inside recorded strings. */
export type ValueKind = 'iso' | 'cuid' | 'auth' | 'amz-date' | 'hex64';

/** App row ids: cuid v1, 25 characters starting with `c`. */
export const CUID = /^c[a-z0-9]{24}$/;
/** better-auth user, session and account ids, and session tokens: 32 alphanumerics. */
export const AUTH_ID = /^[A-Za-z0-9]{32}$/;
/** Every body timestamp: UTC with exactly three fraction digits. */
export const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
/** The `set-auth-token` header: `<32-char token>.<base64 HMAC>`, URL-encoded (`%2F %2B %3D`). */
export const SIGNED_TOKEN = /^([A-Za-z0-9]{32})\.((?:[A-Za-z0-9]|%2F|%2B|%3D)+)$/;
/** The `Date` header: IMF-fixdate. */
export const IMF_FIXDATE =
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;

/**
 * Generated values embedded in longer strings (Prisma messages, 429 messages, URLs), most
 * specific first. Boundaries keep e.g. the 27-character `cnonexistent000000000000000` or a
 * 40-character word from being read as an id.
 */
const EMBEDDED: readonly { kind: ValueKind; source: string }[] = [
  { kind: 'iso', source: '\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z' },
  { kind: 'amz-date', source: '(?<![0-9])\\d{8}T\\d{6}Z(?![A-Za-z0-9])' },
  { kind: 'hex64', source: '(?<![0-9a-f])[0-9a-f]{64}(?![0-9a-f])' },
  { kind: 'cuid', source: '(?<![A-Za-z0-9])c[a-z0-9]{24}(?![A-Za-z0-9])' },
  { kind: 'auth', source: '(?<![A-Za-z0-9])[A-Za-z0-9]{32}(?![A-Za-z0-9])' },
];

const EMBEDDED_RE = new RegExp(EMBEDDED.map((e) => `(${e.source})`).join('|'), 'g');

/** A literal run or a generated value found in a recorded string. */
export type Segment = { literal: string } | { kind: ValueKind; value: string };

/** Splits a string into literal runs and embedded generated values. */
export function segments(text: string): Segment[] {
  const out: Segment[] = [];
  let last = 0;
  for (const match of text.matchAll(EMBEDDED_RE)) {
    const index = match.index ?? 0;
    if (index > last) out.push({ literal: text.slice(last, index) });
    const group = EMBEDDED.findIndex((_, i) => match[i + 1] !== undefined);
    out.push({ kind: EMBEDDED[group]?.kind ?? 'auth', value: match[0] });
    last = index + match[0].length;
  }
  if (last < text.length) out.push({ literal: text.slice(last) });
  return out;
}

/** Whether the string holds any generated value. */
export function hasGeneratedValues(text: string): boolean {
  return segments(text).some((s) => 'kind' in s);
}

const FORM_OF: Readonly<Record<ValueKind, string>> = {
  iso: '\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z',
  'amz-date': '\\d{8}T\\d{6}Z',
  hex64: '[0-9a-f]{64}',
  cuid: 'c[a-z0-9]{24}',
  auth: '[A-Za-z0-9]{32}',
};

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Matches `actual` against the recorded string with every generated value replaced by its form.
 * Returns the pairs (recorded value, actual value) in order, or `null` when the shapes differ.
 */
export function matchTemplate(
  recorded: string,
  actual: string,
): { kind: ValueKind; recorded: string; actual: string }[] | null {
  const parts = segments(recorded);
  const source = parts
    .map((p) => ('literal' in p ? escapeRegExp(p.literal) : `(${FORM_OF[p.kind]})`))
    .join('');
  const match = new RegExp(`^${source}$`).exec(actual);
  if (!match) return null;
  const pairs: { kind: ValueKind; recorded: string; actual: string }[] = [];
  let group = 1;
  for (const part of parts) {
    if ('kind' in part) {
      pairs.push({ kind: part.kind, recorded: part.value, actual: match[group] ?? '' });
      group++;
    }
  }
  return pairs;
}

/** Whether a string is a signed (presigned-style) media URL. */
export function isSignedUrl(text: string): boolean {
  return /^https?:\/\/[^?]+\?.*X-Amz-Signature=/.test(text);
}
