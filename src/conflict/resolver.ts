/**
 * Custom conflict resolvers: the context they get, what they may answer, and how an answer is
 * checked. A resolver that throws or answers something invalid yields a
 * {@link ConflictResolverError} for the engine to surface; its answer is never applied.
 */

import { ConflictResolverError } from '../errors/index.js';
import { frozenCopy, isPlainObject } from '../model/json.js';
import type { CollectionName, WireData } from '../model/types.js';
import { validateMerged } from './validate-merged.js';

/** What a resolver is told about a record whose fields changed on both sides. */
export interface ConflictContext {
  readonly collection: CollectionName;
  /** Local id of the record. */
  readonly recordId: string;
  /** The last server version the device saw, or `null` if it never saw one. */
  readonly base: WireData | null;
  /** The record on the device, with its unsent changes. */
  readonly local: WireData;
  /** The server's current version. */
  readonly remote: WireData;
  /** Fields the device can write that both sides changed, to different values. */
  readonly conflictingFields: readonly string[];
  /** When the last local edit was made (epoch ms, device clock). */
  readonly localEditedAt: number;
  /** The server version's `updatedAt`, when known. */
  readonly remoteUpdatedAt: string | null;
  /** Estimated `serverNow − deviceNow` in ms. */
  readonly serverOffsetMs: number;
}

/**
 * A resolution:
 * - `'keep-local'`: every field changed on the device keeps the device's value (fields changed
 *   only on the server still take the server's value);
 * - `'keep-remote'`: the server's version as it is; the device's changes to the record are dropped;
 * - `'manual'`: leave it to the user (a persisted conflict);
 * - `{ merged }`: these field values; fields left out resolve as with `'keep-local'`.
 *   Server-owned fields in it are ignored (the server's value stays).
 */
export type ConflictResolution =
  | { readonly merged: WireData }
  | 'keep-local'
  | 'keep-remote'
  | 'manual';

/**
 * A custom resolver. It must return synchronously and must not mutate its context (which is
 * frozen).
 * @example
 * ```ts
 * // Keep both texts rather than choosing one.
 * const stories: ConflictResolver = ({ local, remote }) =>
 *   ({ merged: { content: `${remote.content}\n\n${local.content}` } });
 * ```
 */
export type ConflictResolver = (context: ConflictContext) => ConflictResolution;

/** The outcome of checking an answer from app code (`merged` becomes a frozen, validated copy). */
export type ResolutionCheck<Word extends string = ResolutionWord> =
  | { readonly ok: true; readonly resolution: Word | { readonly merged: WireData } }
  | { readonly ok: false; readonly error: ConflictResolverError };

/** The string answers a resolver may give. */
export type ResolutionWord = Exclude<ConflictResolution, { readonly merged: WireData }>;

const WORDS: readonly ResolutionWord[] = ['keep-local', 'keep-remote', 'manual'];

/**
 * Checks an answer from app code.
 * @param reference - the version that fixes field types (the server's, else the local one).
 * @param allowed - the string answers accepted here (`conflicts.resolve` has no `'manual'`).
 */
export function checkResolution<Word extends string>(
  answer: unknown,
  where: { operation: string; collection: CollectionName; recordId: string },
  reference: WireData | null,
  allowed: readonly Word[],
): ResolutionCheck<Word> {
  const fail = (issues: readonly string[]): ResolutionCheck<Word> => ({
    ok: false,
    error: new ConflictResolverError({ ...where, reason: 'invalid', issues }),
  });
  if (typeof answer === 'string') {
    const word = allowed.find((candidate) => candidate === answer);
    if (word !== undefined) return { ok: true, resolution: word };
    return fail([`unknown resolution "${answer}"`]);
  }
  if (!isPlainObject(answer)) {
    const what =
      answer instanceof Promise ? 'a promise (resolvers must be synchronous)' : typeof answer;
    const words = allowed.map((word) => `'${word}'`).join(', ');
    return fail([`expected ${words} or { merged }, got ${what}`]);
  }
  const keys = Object.keys(answer);
  if (keys.length !== 1 || keys[0] !== 'merged') {
    return fail([`expected { merged }, got keys ${keys.join(', ') || '(none)'}`]);
  }
  const checked = validateMerged(where.collection, answer.merged, reference);
  if (!checked.ok) return fail(checked.issues);
  return { ok: true, resolution: { merged: checked.merged } };
}

/** Calls `resolver` with a frozen copy of `context` and checks its answer. */
export function runResolver(resolver: ConflictResolver, context: ConflictContext): ResolutionCheck {
  const where = {
    operation: 'conflict resolver',
    collection: context.collection,
    recordId: context.recordId,
  };
  const frozen: ConflictContext = Object.freeze({
    ...context,
    base: context.base === null ? null : frozenCopy(context.base),
    local: frozenCopy(context.local),
    remote: frozenCopy(context.remote),
    conflictingFields: Object.freeze([...context.conflictingFields]),
  });
  let answer: unknown;
  try {
    answer = resolver(frozen);
    // An async resolver is refused below; keep its rejection from going unhandled.
    if (answer instanceof Promise) answer.catch(() => undefined);
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause);
    return {
      ok: false,
      error: new ConflictResolverError({ ...where, reason: 'threw', issues: [message] }, { cause }),
    };
  }
  return checkResolution(answer, where, context.remote, WORDS);
}
