/**
 * Conflicts between a delete and an update (defaults and reasons in
 * docs/decisions/0003-conflict-defaults.md):
 *
 * - **update vs remote delete**: the server no longer has a record the device has unsent edits
 *   to (a PATCH got 404, or reconciliation did not find it);
 * - **delete vs remote update**: the device deleted a record (`pendingDelete`) whose server
 *   version changed since the device last saw it.
 *
 * Pure decisions; the engine applies them.
 */

import { recreateFields } from '../model/server-owned.js';
import type { CollectionName, WireData } from '../model/types.js';
import { type Conflict, createConflict } from './conflict.js';
import { analyzeFields } from './field-merge.js';
import {
  type ConflictStrategy,
  DEFAULT_CONFLICT_OPTIONS,
  lwwWinner,
  type ResolvedCollectionPolicy,
  type ResolvedConflictOptions,
  strategyFor,
} from './strategies.js';
import { remoteUpdatedAtOf } from './three-way-merge.js';

/** A record with unsent edits that the server no longer has. */
export interface RemoteDeleteInput {
  readonly collection: CollectionName;
  /** Local id of the record. */
  readonly recordId: string;
  /** The last server version the device saw. */
  readonly base: WireData | null;
  /** The record on the device, with its unsent edits. */
  readonly local: WireData;
  /** Now (epoch ms, device clock): the conflict's `createdAt`. */
  readonly now: number;
  /** Id for a conflict, if one is created. @default derived from collection, record and `now` */
  readonly conflictId?: string | undefined;
}

/**
 * What to do with it:
 * - `accept-remote-delete`: remove the record on the device (with its dependants) and drop its
 *   entries;
 * - `recreate`: queue a create of `data` (writable and fixed fields, no `null`s) in place of
 *   its entries; the record gets a new server id;
 * - `manual`: persist `conflict` (`deleted-remotely`), show the record as `conflict`, hold its
 *   entries.
 */
export type RemoteDeleteDecision =
  | { readonly action: 'accept-remote-delete' }
  | { readonly action: 'recreate'; readonly data: WireData }
  | { readonly action: 'manual'; readonly conflict: Conflict };

/**
 * Decides update vs remote delete. A record whose unsent changes touch no field the device can
 * write (only a named action such as `play`, or edits undone) has nothing to lose: the delete is
 * accepted whatever the policy.
 */
export function decideRemoteDelete(
  input: RemoteDeleteInput,
  options: ResolvedConflictOptions = DEFAULT_CONFLICT_OPTIONS,
): RemoteDeleteDecision {
  const { collection, base, local } = input;
  const changed = analyzeFields(collection, base, local, {})
    .filter((state) => !state.serverOwned && state.localChanged)
    .map((state) => state.field);
  if (changed.length === 0) return { action: 'accept-remote-delete' };
  switch (options[collection].onRemoteDelete) {
    case 'accept-remote-delete':
      return { action: 'accept-remote-delete' };
    case 'recreate':
      return { action: 'recreate', data: recreateFields(collection, local) };
    default:
      return {
        action: 'manual',
        conflict: createConflict({
          id: input.conflictId,
          collection,
          recordId: input.recordId,
          kind: 'deleted-remotely',
          fields: changed,
          base,
          local,
          remote: null,
          createdAt: input.now,
        }),
      };
  }
}

/** A record deleted on the device whose server version changed since. */
export interface DeleteVsRemoteUpdateInput extends RemoteDeleteInput {
  /** The record as it was on the device when deleted. */
  readonly local: WireData;
  /** The server's current version. */
  readonly remote: WireData;
  /** When the delete was made (epoch ms, device clock; the delete entry's `editedAt`). */
  readonly localEditedAt: number;
  /** The server version's `updatedAt`. @default `remote.updatedAt` */
  readonly remoteUpdatedAt?: string | null | undefined;
  /** Estimated `serverNow − deviceNow` in ms. */
  readonly serverOffsetMs: number;
  /**
   * Half-width of the interval known to hold the true offset, in ms: a delete and a server
   * change closer than this are a near tie, which the server's version wins (the record stays).
   * @default 0
   */
  readonly clockUncertaintyMs?: number | undefined;
}

/**
 * What to do with it:
 * - `delete-anyway`: send the delete;
 * - `keep-remote`: drop the delete and take the server's version;
 * - `manual`: persist `conflict` (`updated-remotely-while-deleted`), hold the delete.
 */
export type DeleteVsRemoteUpdateDecision =
  | { readonly action: 'delete-anyway' }
  | { readonly action: 'keep-remote' }
  | { readonly action: 'manual'; readonly conflict: Conflict };

function byStrategy(
  policy: ResolvedCollectionPolicy,
  fields: readonly string[],
  input: DeleteVsRemoteUpdateInput,
): 'delete-anyway' | 'keep-remote' | 'manual' {
  const strategies = new Set<ConflictStrategy>(fields.map((field) => strategyFor(policy, field)));
  if (strategies.has('manual')) return 'manual';
  if (strategies.has('server-wins')) return 'keep-remote';
  if (strategies.has('lww')) {
    const winner = lwwWinner({
      localEditedAt: input.localEditedAt,
      serverOffsetMs: input.serverOffsetMs,
      remoteUpdatedAt: remoteUpdatedAtOf(input),
      uncertaintyMs: input.clockUncertaintyMs,
    });
    return winner === 'local' ? 'delete-anyway' : 'keep-remote';
  }
  return 'delete-anyway';
}

/**
 * Decides delete vs remote update. A server change of server-owned fields only (play count,
 * audio or illustration status, a custom event's `SetNull`…: the backend bumps
 * `updatedAt` for those too) is no conflict: the delete goes ahead.
 */
export function decideDeleteVsRemoteUpdate(
  input: DeleteVsRemoteUpdateInput,
  options: ResolvedConflictOptions = DEFAULT_CONFLICT_OPTIONS,
): DeleteVsRemoteUpdateDecision {
  const { collection, base, local, remote } = input;
  const changed = analyzeFields(collection, base, local, remote)
    .filter((state) => !state.serverOwned && state.remoteChanged)
    .map((state) => state.field);
  if (changed.length === 0) return { action: 'delete-anyway' };
  const policy = options[collection];
  const action =
    policy.onDeleteVsRemoteUpdate === 'by-strategy'
      ? byStrategy(policy, changed, input)
      : policy.onDeleteVsRemoteUpdate;
  if (action !== 'manual') return { action };
  return {
    action: 'manual',
    conflict: createConflict({
      id: input.conflictId,
      collection,
      recordId: input.recordId,
      kind: 'updated-remotely-while-deleted',
      fields: changed,
      base,
      local,
      remote,
      createdAt: input.now,
    }),
  };
}
