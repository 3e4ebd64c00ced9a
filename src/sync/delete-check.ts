/**
 * Remote deletes within one round (the backend keeps no tombstones): beside an incremental pull,
 * one `limit=1` request per collection reads the server's `total`; when it differs from the
 * records the device holds from the server once the pull was applied, that collection is listed
 * in full and reconciled at once instead of waiting for the reconciliation schedule. Custom events, listed in full
 * only now and then (`custom-events-schedule.ts`), get the same request in the rounds that do
 * not list them: a custom event deleted (or created) on another device shows at the next round.
 */
import { assertOnline } from './online-gate.js';
import type { SyncContext } from './sync-context.js';

/** The collections whose server `total` a round compares. */
export type CountedCollection = 'heroes' | 'stories' | 'customEvents';

/** How many of the collection's records the device expects the server to hold. */
export function expectedOnServer(context: SyncContext, collection: CountedCollection): number {
  // Counted without building the collection's records (custom events are often not built
  // yet when a round only checks their total), and without a pass over them once built (the
  // store keeps the count). A record kept for the user after the server deleted it is not on
  // the server any more.
  const gone = new Set<string>();
  for (const conflict of context.registry.getSnapshot()) {
    if (conflict.collection === collection && conflict.kind === 'deleted-remotely') {
      gone.add(conflict.recordId);
    }
  }
  return context.store.countWithServerId(collection, gone);
}

/** The server's count of `collection`: one `limit=1` request. */
export async function serverTotal(
  context: SyncContext,
  collection: CountedCollection,
  signal: AbortSignal,
): Promise<number> {
  const { api } = context;
  assertOnline(context, 'sync.pull');
  // Only the total counts: a row that fails validation is reported by the listing itself.
  const options = { signal, onInvalidItem: () => undefined };
  const page =
    collection === 'heroes'
      ? await api.heroes.list({ limit: 1 }, options)
      : collection === 'stories'
        ? await api.stories.list({ limit: 1 }, options)
        : await api.customEvents.list({ limit: 1 }, options);
  return page.pagination.total;
}

/**
 * Whether the server's `total` of `collection` differs from what the device expects now. The
 * total may be read while the round's listing of the collection is on its way (before it is
 * applied): a record created or deleted meanwhile then shows in this round or the next, as it
 * would had it changed just after the request.
 */
export function totalDiffers(
  context: SyncContext,
  collection: CountedCollection,
  total: number,
): boolean {
  const expected = expectedOnServer(context, collection);
  if (total === expected) return false;
  context.options.logger.info('sync: server count differs; reconciling', {
    collection,
    server: total,
    device: expected,
  });
  return true;
}
