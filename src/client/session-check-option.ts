/** The `verifySessionOnOpen` option of `createClient`: its default and its check. */
import { ConfigurationError } from '../errors/index.js';

/** When a session restored at open is checked with the server. */
export type SessionCheckOnOpen = boolean | { readonly olderThanMs: number };

/**
 * The default: check at every open, so a token that died while the app was closed is never sent
 * (the first sync round waits for the answer).
 */
export const DEFAULT_SESSION_CHECK: SessionCheckOnOpen = true;

/** `verifySessionOnOpen` with its default applied; `ConfigurationError` when it cannot work. */
export function resolveSessionCheck(value: SessionCheckOnOpen | undefined): SessionCheckOnOpen {
  if (value === undefined) return DEFAULT_SESSION_CHECK;
  if (typeof value === 'boolean') return value;
  const olderThanMs = (value as { olderThanMs?: unknown } | null)?.olderThanMs;
  if (typeof olderThanMs !== 'number' || !Number.isFinite(olderThanMs) || olderThanMs < 0) {
    throw new ConfigurationError({
      operation: 'createClient',
      option: 'verifySessionOnOpen',
      message: 'must be true, false or { olderThanMs: a finite number ≥ 0 }',
    });
  }
  return { olderThanMs };
}
