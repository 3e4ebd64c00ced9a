/**
 * Helpers that keep the session token out of everything but the SecureStore and the
 * `Authorization` header: its variants (for redaction) and sanitised error causes.
 */
import { REDACTED, redactString } from '../platform/logging/redact.js';

/**
 * Every form a token may take in text: as stored (`<token>.<sig>` URL-encoded), URL-decoded,
 * and the raw 32-character token before the signature.
 */
export function tokenVariants(token: string | null | undefined): string[] {
  if (!token) return [];
  const variants = new Set<string>([token]);
  try {
    variants.add(decodeURIComponent(token));
  } catch {
    // Not valid percent-encoding: the stored form is enough.
  }
  const raw = token.split('.')[0];
  if (raw) variants.add(raw);
  return [...variants];
}

/**
 * `error` itself when no secret appears in its message, otherwise a copy with the secret
 * replaced (same name and message shape, no stack, no further cause).
 */
export function sanitizeCause(error: unknown, secrets: readonly string[]): unknown {
  if (!(error instanceof Error)) {
    return typeof error === 'string' ? redactString(error, { secrets }) : error;
  }
  const message = redactString(error.message, { secrets });
  const stack = error.stack ? redactString(error.stack, { secrets }) : '';
  if (message === error.message && !stack.includes(REDACTED)) return error;
  const copy = new Error(message);
  copy.name = error.name;
  copy.stack = `${error.name}: ${message}`;
  return copy;
}
