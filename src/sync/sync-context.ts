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

/**
 * Now on the server clock as the store records `lastSyncedAt`: the device clock plus the steady
 * offset (see `ServerClockView.steadyOffsetMs`; the device clock before any `Date` header).
 */
export function heardNow(context: SyncContext): number {
  return context.options.now() + (context.api.clock.steadyOffsetMs() ?? 0);
}

/** How far an edit's recorded server time may stray from today's estimate of it (ms). */
const CLOCK_CHANGE_MS = 2000;

/**
 * When the last of `entries` was edited, as a device-clock time for the conflict rules (which
 * add `offsetMs`). When the device clock was changed between the edit and now (its server
 * time recorded at the edit, `editedServerAt`, and its device time moved by today's offset
 * differ by more than the estimate's noise), the recorded server time decides; otherwise the
 * device time, moved by today's offset (the estimate only got better since).
 */
export function localEditedAt(entries: readonly OutboxEntry[], offsetMs: number): number {
  let latest = Number.NEGATIVE_INFINITY;
  for (const entry of entries) {
    const recorded = entry.editedServerAt;
    const changed =
      recorded !== undefined && Math.abs(recorded - (entry.editedAt + offsetMs)) > CLOCK_CHANGE_MS;
    const at = changed ? recorded - offsetMs : entry.editedAt;
    if (at > latest) latest = at;
  }
  return latest;
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
