/**
 * Field-level three-way merge of a record with unsent local changes and a newer server version
 *:
 *
 * - fields changed only on the device keep the device's value; only on the server, take the
 *   server's; equal on both sides, that value;
 * - server-owned fields (server-owned-fields.ts) always take the server's value;
 * - fields changed on both sides to different values go to the collection's custom resolver
 *   when it has one, else to each field's strategy (strategies.ts).
 *
 * All three versions hold record data as the store keeps it (no `id`, references as local ids).
 * Pure: same input, same output.
 */

import type { ConflictResolverError } from '../errors/index.js';
import type { CollectionName, WireData } from '../model/types.js';
import {
  analyzeFields,
  type BuiltMerge,
  buildMerge,
  overlayValues,
  remoteVersion,
} from './field-merge.js';
import { runResolver } from './resolver.js';
import {
  DEFAULT_CONFLICT_OPTIONS,
  lwwWinner,
  type ResolvedConflictOptions,
  strategyFor,
} from './strategies.js';

/** The three versions of a record, and the times last-writer-wins compares. */
export interface MergeInput {
  readonly collection: CollectionName;
  /** Local id of the record. */
  readonly recordId: string;
  /**
   * The last server version the device saw (`{ ...record.data, ...record.base }`), or `null`
   * when it never saw one: then every field that differs counts as changed on both sides.
   */
  readonly base: WireData | null;
  /** The record on the device, with its unsent changes. */
  readonly local: WireData;
  /** The server's current version. */
  readonly remote: WireData;
  /** When the last local edit was made (epoch ms, device clock; `OutboxEntry.editedAt`). */
  readonly localEditedAt: number;
  /** The server version's `updatedAt`. @default `remote.updatedAt` when it is a string */
  readonly remoteUpdatedAt?: string | null | undefined;
  /** Estimated `serverNow − deviceNow` in ms, from the API client's server clock. */
  readonly serverOffsetMs: number;
  /** How far off the server-clock estimate may be (ms): closer edits are a near tie. @default 0 */
  readonly clockUncertaintyMs?: number | undefined;
}

/** A merge that settled, possibly leaving fields to the user. */
export interface MergeOutcome {
  readonly kind: 'merged';
  /**
   * The record to keep on the device. When `needsUser`, the fields in `manualFields` hold the
   * device's values until the user decides.
   */
  readonly merged: WireData;
  /**
   * Fields still to push: writable fields whose kept value differs from the server's. Empty
   * when the server already holds the merge. While `needsUser`, nothing may be sent.
   */
  readonly toSend: WireData;
  /** Writable fields both sides changed to different values (however they were settled). */
  readonly conflictingFields: readonly string[];
  /** The conflicting fields left to the user (strategy or resolver said `manual`). */
  readonly manualFields: readonly string[];
  /** True when a persisted conflict must be created and the record's entries held. */
  readonly needsUser: boolean;
}

/**
 * The collection's custom resolver threw or answered something invalid. Nothing of its answer
 * was applied; the engine should surface `error` and leave `conflictingFields` to the user.
 */
export interface MergeResolverFailure {
  readonly kind: 'resolver-error';
  readonly error: ConflictResolverError;
  readonly conflictingFields: readonly string[];
  /**
   * The merge with the device's values in `conflictingFields`: the `proposed` of the conflict
   * the engine creates instead.
   */
  readonly proposed: WireData;
}

/** The result of {@link threeWayMerge}. */
export type MergeResult = MergeOutcome | MergeResolverFailure;

function outcome(built: BuiltMerge, conflicting: string[], manual: string[]): MergeOutcome {
  return {
    kind: 'merged',
    merged: built.merged,
    toSend: built.toSend,
    conflictingFields: conflicting,
    manualFields: manual,
    needsUser: manual.length > 0,
  };
}

/** The server `updatedAt` last-writer-wins compares against. */
export function remoteUpdatedAtOf(
  input: Pick<MergeInput, 'remote' | 'remoteUpdatedAt'>,
): string | null {
  if (input.remoteUpdatedAt !== undefined) return input.remoteUpdatedAt;
  const value = input.remote.updatedAt;
  return typeof value === 'string' ? value : null;
}

/**
 * Merges `input.local` and `input.remote` over `input.base` with the collection's policy.
 * @example
 * ```ts
 * const result = threeWayMerge({ collection: 'heroes', recordId, base, local, remote,
 *   localEditedAt: entry.editedAt, serverOffsetMs: clock.offsetMs() });
 * if (result.kind === 'merged' && !result.needsUser) rebase(result.merged, result.toSend);
 * ```
 */
export function threeWayMerge(
  input: MergeInput,
  options: ResolvedConflictOptions = DEFAULT_CONFLICT_OPTIONS,
): MergeResult {
  const { collection, base, local, remote } = input;
  const policy = options[collection];
  const states = analyzeFields(collection, base, local, remote);
  const conflicting = states.filter((s) => s.conflicting).map((s) => s.field);
  const remoteUpdatedAt = remoteUpdatedAtOf(input);
  const keepLocal = () => buildMerge(states, () => 'local');

  if (policy.resolver && conflicting.length > 0) {
    const check = runResolver(policy.resolver, {
      collection,
      recordId: input.recordId,
      base,
      local,
      remote,
      conflictingFields: conflicting,
      localEditedAt: input.localEditedAt,
      remoteUpdatedAt,
      serverOffsetMs: input.serverOffsetMs,
    });
    if (!check.ok) {
      const proposed = keepLocal().merged;
      return {
        kind: 'resolver-error',
        error: check.error,
        conflictingFields: conflicting,
        proposed,
      };
    }
    const resolution = check.resolution;
    if (resolution === 'keep-remote')
      return outcome({ merged: remoteVersion(states), toSend: {} }, conflicting, []);
    if (resolution === 'keep-local') return outcome(keepLocal(), conflicting, []);
    if (resolution === 'manual') return outcome(keepLocal(), conflicting, conflicting);
    return outcome(
      overlayValues(collection, states, keepLocal(), resolution.merged),
      conflicting,
      [],
    );
  }

  const manual: string[] = [];
  const built = buildMerge(states, (state) => {
    switch (strategyFor(policy, state.field)) {
      case 'client-wins':
        return 'local';
      case 'server-wins':
        return 'remote';
      case 'manual':
        manual.push(state.field);
        return 'local';
      default:
        return lwwWinner({
          localEditedAt: input.localEditedAt,
          serverOffsetMs: input.serverOffsetMs,
          remoteUpdatedAt,
          uncertaintyMs: input.clockUncertaintyMs,
        });
    }
  });
  return outcome(built, conflicting, manual);
}
