/**
 * Publishes the engine's {@link SyncSnapshot}: recomputed on demand from its sources (phase,
 * reachability, outbox, conflicts), replaced only when a field changed, and announced only then.
 */
import { ListenerSet } from '../platform/listener-set.js';
import type { OutboxCounts } from '../store/outbox.js';
import type { SyncSnapshot } from './sync-events.js';
import type { PhaseState } from './sync-phase.js';

/**
 * The status from its sources. `pendingCount` is the outbox's own count: every change not yet
 * acknowledged, as `pending()` lists them (failed and conflict-held ones included).
 */
export function snapshotOf(sources: {
  readonly phase: PhaseState;
  readonly online: boolean;
  readonly outbox: OutboxCounts;
  readonly conflictCount: number;
  readonly rejectedRemote: number;
}): SyncSnapshot {
  const { phase, outbox } = sources;
  return {
    online: sources.online,
    phase: phase.phase,
    pendingCount: outbox.pendingCount,
    conflictCount: sources.conflictCount,
    failedCount: outbox.failedCount,
    rejectedRemote: sources.rejectedRemote,
    lastSyncedAt: phase.lastSyncedAt,
    lastError: phase.lastError,
  };
}

const FIELDS: ReadonlyArray<keyof SyncSnapshot> = [
  'online',
  'phase',
  'pendingCount',
  'conflictCount',
  'failedCount',
  'rejectedRemote',
  'lastSyncedAt',
  'lastError',
];

function same(a: SyncSnapshot, b: SyncSnapshot): boolean {
  return FIELDS.every((field) => a[field] === b[field]);
}

/** Holds the current snapshot and its listeners. */
export class StatusPublisher {
  #snapshot: SyncSnapshot;
  readonly #listeners = new ListenerSet<[SyncSnapshot]>({
    onError: () => {
      // A listener's failure never breaks sync.
    },
  });

  constructor(
    private readonly compute: () => SyncSnapshot,
    private readonly announce: (snapshot: SyncSnapshot) => void,
  ) {
    this.#snapshot = Object.freeze(compute());
  }

  getSnapshot = (): SyncSnapshot => this.#snapshot;

  subscribe = (listener: (snapshot: SyncSnapshot) => void): (() => void) => {
    return this.#listeners.add(listener);
  };

  /** Recomputes; announces when something changed. */
  refresh(): void {
    const next = this.compute();
    if (same(next, this.#snapshot)) return;
    this.#snapshot = Object.freeze(next);
    this.#listeners.emit(this.#snapshot);
    this.announce(this.#snapshot);
  }

  clear(): void {
    this.#listeners.clear();
  }
}
