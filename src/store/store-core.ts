import type { Committer } from './commit.js';
import type { LiveQueryRegistry } from './live-queries.js';
import type { StoreState } from './store-state.js';

/** The parts of one open store that its facades (store, outbox) share. Internal. */
export interface StoreCore {
  readonly state: StoreState;
  readonly committer: Committer;
  readonly live: LiveQueryRegistry;
  /** Device clock, epoch ms. */
  readonly now: () => number;
  /** New client-generated id (UUIDv7 by default). */
  readonly newId: () => string;
}
