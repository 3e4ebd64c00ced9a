import { COLLECTIONS } from '../model/types.js';
import type { RecordChange } from './change-set.js';
import type { Committer } from './commit.js';
import type { LiveQueryRegistry } from './live-queries.js';
import type { StoreState } from './store-state.js';
import type { StoreTime } from './store-time.js';

/** The parts of one open store that its facades (store, outbox) share. Internal. */
export interface StoreCore {
  readonly state: StoreState;
  readonly committer: Committer;
  readonly live: LiveQueryRegistry;
  /** Device clock, epoch ms. */
  readonly now: () => number;
  /** The times recorded on the server clock (edits, `lastSyncedAt`). */
  readonly time: StoreTime;
  /** New client-generated id (UUIDv7 by default). */
  readonly newId: () => string;
}

/** Empties the in-memory state and tells every live query and outbox listener. */
export function emptyCore(core: StoreCore): void {
  const { state } = core;
  const removed: RecordChange[] = [];
  // A collection whose records were never built has had no reader to tell.
  for (const collection of COLLECTIONS) {
    for (const record of state.builtRecordsOf(collection).values()) {
      removed.push({ collection, localId: record.id, prev: record, next: undefined });
    }
  }
  state.clear();
  core.live.handle({ records: removed, outboxChanged: true });
}
