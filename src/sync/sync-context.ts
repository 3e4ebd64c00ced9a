/**
 * What the engine's parts (Pusher, Puller, Reconciler, conflict handling) share: the resolved
 * options, the store and API client, the conflict registry, the event emitter, the counters of
 * the running round and the operation kinds paused by a 429.
 */
import type { EventEmitter } from 'eventemitter3';
import type { ApiClient } from '../api/api-client.js';
import type { CollectionName, OutboxEntry } from '../model/types.js';
import type { LocalStore } from '../store/local-store.js';
import type { ConflictRegistry } from './conflict-registry.js';
import type { PullState } from './pull-state.js';
import type { RetryDeadlines } from './retry-deadlines.js';
import type { RecordChangeSource, RoundTally, SyncEvents } from './sync-events.js';
import type { ResolvedSyncOptions } from './sync-options.js';

/** Shared state of one engine. */
export interface SyncContext {
  readonly options: ResolvedSyncOptions;
  readonly store: LocalStore;
  readonly api: ApiClient;
  readonly registry: ConflictRegistry;
  readonly emitter: EventEmitter<SyncEvents>;
  /** When the 429 pause of each operation kind ends (on {@link deadlines}' monotonic clock). */
  readonly rateLimits: Map<string, number>;
  /** Failed listings, refused rows and reported anomalies, between pulls. */
  readonly pulls: PullState;
  /** Retry and 429 deadlines, on a monotonic clock. */
  readonly deadlines: RetryDeadlines;
  /** The counters of the round in progress (a fresh one per round). */
  tally: RoundTally;
}

/** The operation kind a 429 pauses: `<collection>.<op>`, e.g. `heroes.create`. */
export function operationKind(entry: Pick<OutboxEntry, 'collection' | 'op'>): string {
  return `${entry.collection}.${entry.op}`;
}

/** Estimated `serverNow − deviceNow` in ms (0 until the API client saw a `Date` header). */
export function serverOffsetMs(context: SyncContext): number {
  return context.api.clock.offsetMs();
}

/** Emits `record:changed` for each id, only when someone listens. */
export function recordsChanged(
  context: SyncContext,
  collection: CollectionName,
  localIds: Iterable<string>,
  source: RecordChangeSource,
): void {
  if (context.emitter.listenerCount('record:changed') === 0) return;
  for (const localId of localIds) {
    context.emitter.emit('record:changed', { collection, localId, source });
  }
}
