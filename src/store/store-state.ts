/**
 * The store's in-memory indexes: records per collection, the id map (server → local), outbox
 * entries by mutation id and per record, and per-collection change counters. Only the commit
 * path writes here; everything else reads.
 */

import type { CollectionName, OutboxEntry, StoredRecord } from '../model/types.js';
import { COLLECTIONS } from '../model/types.js';
import type { JsonValue } from '../storage-adapters/storage-adapter.js';

const NO_ENTRIES: readonly OutboxEntry[] = Object.freeze([]);

/** In-memory state of one namespace. */
export class StoreState {
  private readonly records = new Map<CollectionName, Map<string, StoredRecord>>();
  private readonly serverToLocal = new Map<CollectionName, Map<string, string>>();
  private readonly entries = new Map<string, OutboxEntry>();
  /** Entries per collection, then per local id, in `seq` order. */
  private readonly byRecord = new Map<CollectionName, Map<string, OutboxEntry[]>>();
  private readonly versions = new Map<CollectionName, number>();
  /** Small named values kept beside the records (`meta/<name>`), e.g. pull cursors. */
  readonly meta = new Map<string, JsonValue>();
  /** Mutation ids the sync engine is sending. Runtime only: a restart clears it. */
  readonly inFlight = new Set<string>();
  /** Bumped on every outbox change. */
  outboxVersion = 0;
  /** Entries by status (kept in step by setEntry). */
  failedCount = 0;
  conflictCount = 0;
  /** The seq the next outbox entry gets. */
  nextSeq = 1;
  /**
   * The revision of each stored record row as this store last read or wrote it (by storage
   * key). A commit that finds another revision in storage knows another client wrote the row
   * and rebases onto it instead of overwriting it.
   */
  readonly rowRevs = new Map<string, number>();

  constructor() {
    for (const collection of COLLECTIONS) {
      this.records.set(collection, new Map());
      this.serverToLocal.set(collection, new Map());
      this.versions.set(collection, 0);
      this.byRecord.set(collection, new Map());
    }
  }

  /** Every record of `collection`, hidden ones included, keyed by local id. */
  recordsOf(collection: CollectionName): ReadonlyMap<string, StoredRecord> {
    return this.records.get(collection) as Map<string, StoredRecord>;
  }

  getRecord(collection: CollectionName, localId: string): StoredRecord | undefined {
    return this.records.get(collection)?.get(localId);
  }

  /**
   * The local id of the record with `serverId`, if the device has it. Records first seen from
   * the server use the server id as local id and need no map entry (most of a pulled library:
   * this keeps cold start cheap); the map holds only records created on this device.
   */
  localIdOf(collection: CollectionName, serverId: string): string | undefined {
    const mapped = this.serverToLocal.get(collection)?.get(serverId);
    if (mapped !== undefined) return mapped;
    return this.records.get(collection)?.get(serverId)?.serverId === serverId
      ? serverId
      : undefined;
  }

  setRecord(collection: CollectionName, localId: string, next: StoredRecord | undefined): void {
    const map = this.records.get(collection) as Map<string, StoredRecord>;
    const ids = this.serverToLocal.get(collection) as Map<string, string>;
    const prev = map.get(localId);
    if (prev?.serverId && prev.serverId !== next?.serverId && ids.get(prev.serverId) === localId) {
      ids.delete(prev.serverId);
    }
    if (next === undefined) {
      map.delete(localId);
    } else {
      map.set(localId, next);
      if (next.serverId && next.serverId !== localId) ids.set(next.serverId, localId);
    }
  }

  /**
   * Takes in one stored row while opening (the record has nothing in memory yet; `entries` are
   * its entries in `seq` order, as rows store them): what `setRecord` + `setEntry` do, in bulk.
   */
  loadRow(
    collection: CollectionName,
    localId: string,
    record: StoredRecord | null,
    entries: readonly OutboxEntry[] | undefined,
  ): void {
    if (record) {
      (this.records.get(collection) as Map<string, StoredRecord>).set(localId, record);
      if (record.serverId && record.serverId !== localId) {
        this.serverToLocal.get(collection)?.set(record.serverId, localId);
      }
    }
    if (!entries || entries.length === 0) return;
    this.byRecord.get(collection)?.set(localId, entries as OutboxEntry[]);
    for (const entry of entries) {
      this.entries.set(entry.mutationId, entry);
      if (entry.status === 'failed') this.failedCount++;
      else if (entry.status === 'conflict') this.conflictCount++;
      if (entry.seq >= this.nextSeq) this.nextSeq = entry.seq + 1;
    }
  }

  /** Every outbox entry, in `seq` order. */
  allEntries(): OutboxEntry[] {
    return [...this.entries.values()].sort((a, b) => a.seq - b.seq);
  }

  get entryCount(): number {
    return this.entries.size;
  }

  getEntry(mutationId: string): OutboxEntry | undefined {
    return this.entries.get(mutationId);
  }

  /** The entries of one record, in `seq` order (empty when it has none). */
  entriesOf(collection: CollectionName, localId: string): readonly OutboxEntry[] {
    return this.byRecord.get(collection)?.get(localId) ?? NO_ENTRIES;
  }

  setEntry(mutationId: string, next: OutboxEntry | undefined): void {
    const prev = this.entries.get(mutationId);
    const owner = next ?? prev;
    if (!owner) return;
    const lists = this.byRecord.get(owner.collection);
    if (!lists) return;
    const key = owner.localId;
    const current = lists.get(key);
    const list = current ? current.filter((entry) => entry.mutationId !== mutationId) : [];
    if (prev?.status === 'failed') this.failedCount--;
    if (prev?.status === 'conflict') this.conflictCount--;
    if (next?.status === 'failed') this.failedCount++;
    if (next?.status === 'conflict') this.conflictCount++;
    if (next === undefined) {
      this.entries.delete(mutationId);
      this.inFlight.delete(mutationId);
    } else {
      this.entries.set(mutationId, next);
      let at = list.length;
      while (at > 0 && (list[at - 1] as OutboxEntry).seq > next.seq) at--;
      list.splice(at, 0, next);
    }
    if (list.length === 0) lists.delete(key);
    else lists.set(key, list);
    if (next && next.seq >= this.nextSeq) this.nextSeq = next.seq + 1;
  }

  /** How many changes `collection` has seen (a cheap "has anything changed" check). */
  versionOf(collection: CollectionName): number {
    return this.versions.get(collection) ?? 0;
  }

  bump(collection: CollectionName): void {
    this.versions.set(collection, this.versionOf(collection) + 1);
  }

  /** Forgets everything (after a namespace wipe). */
  clear(): void {
    for (const collection of COLLECTIONS) {
      this.records.get(collection)?.clear();
      this.serverToLocal.get(collection)?.clear();
      this.bump(collection);
    }
    this.entries.clear();
    this.failedCount = 0;
    this.conflictCount = 0;
    for (const lists of this.byRecord.values()) lists.clear();
    this.meta.clear();
    this.inFlight.clear();
    this.rowRevs.clear();
    this.outboxVersion++;
  }
}
