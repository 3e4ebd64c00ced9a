/** What one commit changes, and what observers are told (see commit.ts). */
import type { CollectionName, OutboxEntry, StoredRecord } from '../model/types.js';
import type { JsonValue } from '../storage-adapters/storage-adapter.js';
import type { ReplannableChange } from './row-rebase.js';
import type { StoreState } from './store-state.js';

/** Replace (or remove, with `undefined`) one record. */
export interface RecordWrite {
  readonly collection: CollectionName;
  readonly localId: string;
  readonly next: StoredRecord | undefined;
}

/** Replace (or remove, with `undefined`) one outbox entry. */
export interface EntryWrite {
  readonly mutationId: string;
  readonly next: OutboxEntry | undefined;
}

/** What one commit changes. */
export interface ChangeSet {
  readonly records: readonly RecordWrite[];
  readonly entries: readonly EntryWrite[];
  /** Mutation ids whose in-flight mark this change clears (restored on rollback). */
  readonly releaseInFlight?: readonly string[] | undefined;
  /** Named values to set (or remove, with `undefined`). */
  readonly meta?: ReadonlyArray<{ readonly name: string; readonly value: JsonValue | undefined }>;
  /**
   * For a local write: plans it again on another state (the row another client stored), so
   * it coalesces with that client's writes instead of overwriting them.
   */
  readonly replan?: ((state: StoreState) => ReplannableChange | undefined) | undefined;
}

/** One record as it was before and after a commit (or a rollback). */
export interface RecordChange {
  readonly collection: CollectionName;
  readonly localId: string;
  readonly prev: StoredRecord | undefined;
  readonly next: StoredRecord | undefined;
}

/** What observers are told after a commit is applied or rolled back. */
export interface AppliedChange {
  readonly records: readonly RecordChange[];
  readonly outboxChanged: boolean;
}
