/**
 * `conflicts.resolve(id, choice)`: turns the user's choice into store changes (the pure rule is
 * `resolveConflict` in `src/conflict/conflict.ts`) and re-queues what must be sent:
 *
 * | kind                             | keep-local                     | keep-remote               | `{ merged }`                 |
 * |----------------------------------|--------------------------------|---------------------------|------------------------------|
 * | `fields`                         | rebase, queue the differences  | rebase, queue nothing     | rebase, queue the differences|
 * | `deleted-remotely`               | re-create (new server id)      | remove on the device      | re-create with the values    |
 * | `updated-remotely-while-deleted` | rebase, queue the delete again | rebase, queue nothing     | rebase, queue the differences|
 *
 * Edits the user made to the record while the conflict was open count as theirs: they are laid
 * over `keep-local` and `{ merged }` (never over `keep-remote`, which means the server's version).
 */

import type { Conflict, ConflictChoice } from '../conflict/conflict.js';
import { resolveConflict } from '../conflict/conflict.js';
import { SdkError, ValidationError } from '../errors/index.js';
import { fieldSpec } from '../model/descriptors.js';
import { jsonEqual } from '../model/json.js';
import { isServerOwned, recreateFields } from '../model/server-owned.js';
import type { WireData } from '../model/types.js';
import { keepTimestamps, removeGone } from './remote-changes.js';
import { asRow, recreateRecord } from './store-extensions.js';
import { recordsChanged, type SyncContext } from './sync-context.js';

/** The choice with the user's later edits to the record laid over it. */
function withLaterEdits(
  conflict: Conflict,
  current: WireData,
  choice: ConflictChoice,
): ConflictChoice {
  if (choice === 'keep-remote') return choice;
  const later: Record<string, WireData[string]> = {};
  for (const [field, value] of Object.entries(current)) {
    if (!fieldSpec(conflict.collection, field) || isServerOwned(conflict.collection, field))
      continue;
    if (!jsonEqual(conflict.local[field], value)) later[field] = value;
  }
  if (Object.keys(later).length === 0) return choice;
  if (choice === 'keep-local') return { merged: later };
  if (typeof choice === 'object' && choice !== null && 'merged' in choice) {
    const merged: unknown = choice.merged;
    if (typeof merged === 'object' && merged !== null && !Array.isArray(merged)) {
      return { merged: { ...later, ...(merged as WireData) } };
    }
  }
  return choice;
}

/**
 * Applies the user's choice to the open conflict `id`.
 * @throws ValidationError when no such conflict is open; `ConflictResolverError` for an invalid
 *   `{ merged }` (the conflict stays open); `SdkError` while the record is being sent.
 */
export async function resolveOpenConflict(
  context: SyncContext,
  id: string,
  choice: ConflictChoice,
): Promise<void> {
  const { store, registry } = context;
  const conflict = registry.get(id);
  if (!conflict) {
    throw new ValidationError({
      operation: 'conflicts.resolve',
      field: 'conflictId',
      message: `"${id}" does not match an open conflict`,
    });
  }
  const { collection, recordId } = conflict;
  const record = store.getStored(collection, recordId);
  if (!record) {
    await registry.remove(id);
    return;
  }
  const entries = store.entriesOf(collection, recordId);
  if (entries.some((entry) => store.outbox.isInFlight(entry.mutationId))) {
    throw new SdkError(
      `conflicts.resolve: ${collection}/${recordId} is being sent; try again when the sync finishes`,
    );
  }
  const result = resolveConflict(conflict, withLaterEdits(conflict, record.data, choice));
  if (result.kind === 'resolver-error') throw result.error;

  if (conflict.kind === 'deleted-remotely' || conflict.remote === null) {
    if (result.delete) {
      await removeGone(context, collection, recordId);
    } else {
      const data = keepTimestamps(
        result.patch ?? recreateFields(collection, result.data ?? {}),
        record.data,
      );
      await recreateRecord(store, collection, recordId, data);
    }
  } else {
    if (record.serverId === null) {
      throw new SdkError(`conflicts.resolve: ${collection}/${recordId} has no server id`);
    }
    const row = asRow(record.serverId, conflict.remote);
    if (result.op === 'delete') {
      await store.rebase(collection, recordId, row, 'delete');
    } else {
      await store.rebase(collection, recordId, row, result.op === 'update' ? result.patch : null);
    }
  }
  await registry.remove(id);
  recordsChanged(context, collection, [recordId], 'resolve');
  context.emitter.emit('conflict:resolved', { conflict, choice });
}
