/**
 * Collects the record and outbox writes of one commit, with a view of the state as it will be
 * after them, and the cascade rules for removals.
 */

import { DESCRIPTORS } from '../model/descriptors.js';
import type { CollectionName, OutboxEntry, StoredRecord } from '../model/types.js';
import type { ChangeSet, EntryWrite, RecordWrite } from './change-set.js';
import { seal } from './public-record.js';
import type { StoreState } from './store-state.js';

/** A record a removal left in place because it still has queued local changes. */
export interface KeptDependant {
  readonly collection: CollectionName;
  readonly localId: string;
}

/** Builds one {@link ChangeSet}. */
export class ChangeBuilder {
  private readonly recordWrites = new Map<string, RecordWrite>();
  private readonly entryWrites = new Map<string, EntryWrite>();
  private readonly entryLists = new Map<string, readonly OutboxEntry[]>();

  // Most changes touch one record: its key is built once, not on every lookup.
  private lastCollection: CollectionName | undefined;
  private lastLocalId: string | undefined;
  private lastKey = '';

  constructor(readonly state: StoreState) {}

  private keyOf(collection: CollectionName, localId: string): string {
    if (collection !== this.lastCollection || localId !== this.lastLocalId) {
      this.lastCollection = collection;
      this.lastLocalId = localId;
      this.lastKey = `${collection}\u0000${localId}`;
    }
    return this.lastKey;
  }

  /** The record as it will be after this change. */
  record(collection: CollectionName, localId: string): StoredRecord | undefined {
    const write = this.recordWrites.get(this.keyOf(collection, localId));
    return write ? write.next : this.state.getRecord(collection, localId);
  }

  /** The record's entries as they will be after this change, in `seq` order. */
  entriesOf(collection: CollectionName, localId: string): readonly OutboxEntry[] {
    return (
      this.entryLists.get(this.keyOf(collection, localId)) ??
      this.state.entriesOf(collection, localId)
    );
  }

  /** Replaces (or removes) a record; its `data` is sealed with the current view keys. */
  putRecord(collection: CollectionName, localId: string, next: StoredRecord | undefined): void {
    if (next === this.record(collection, localId)) return;
    this.recordWrites.set(this.keyOf(collection, localId), {
      collection,
      localId,
      next: next && seal(next),
    });
  }

  /** Replaces the record's entries with `next` (entries are matched by mutation id). */
  setEntries(collection: CollectionName, localId: string, next: readonly OutboxEntry[]): void {
    const prev = this.entriesOf(collection, localId);
    if (prev.length === 0) {
      // A record's first entry (every create): nothing to match.
      for (const entry of next) {
        this.entryWrites.set(entry.mutationId, { mutationId: entry.mutationId, next: entry });
      }
    } else {
      const kept = new Set(next.map((entry) => entry.mutationId));
      for (const entry of prev) {
        if (!kept.has(entry.mutationId))
          this.entryWrites.set(entry.mutationId, { mutationId: entry.mutationId, next: undefined });
      }
      const prevById = new Map(prev.map((entry) => [entry.mutationId, entry]));
      for (const entry of next) {
        if (prevById.get(entry.mutationId) !== entry) {
          this.entryWrites.set(entry.mutationId, { mutationId: entry.mutationId, next: entry });
        }
      }
    }
    this.entryLists.set(this.keyOf(collection, localId), next);
  }

  /**
   * Removes a record with its queued entries and, by the backend's cascade rules, its
   * dependants. Dependants with queued changes are kept unless `dropPendingDependants`; they
   * are returned. An entry in flight is dropped too: its acknowledgement then finds nothing to
   * apply (the record is gone on the device either way).
   */
  removeRecord(
    collection: CollectionName,
    localId: string,
    dropPendingDependants: boolean,
    kept: KeptDependant[] = [],
  ): KeptDependant[] {
    this.putRecord(collection, localId, undefined);
    if (this.entriesOf(collection, localId).length > 0) this.setEntries(collection, localId, []);
    for (const rule of DESCRIPTORS[collection].cascades) {
      for (const child of this.state.recordsOf(rule.collection).values()) {
        if (child.data[rule.field] !== localId || !this.record(rule.collection, child.id)) continue;
        if (!dropPendingDependants && this.entriesOf(rule.collection, child.id).length > 0) {
          kept.push({ collection: rule.collection, localId: child.id });
          continue;
        }
        this.removeRecord(rule.collection, child.id, dropPendingDependants, kept);
      }
    }
    return kept;
  }

  /** The collected writes. */
  build(): ChangeSet {
    return { records: [...this.recordWrites.values()], entries: [...this.entryWrites.values()] };
  }
}
