/**
 * The store's in-memory indexes: records per collection, the id map (server → local), outbox
 * entries by mutation id and per record, and per-collection change counters. Only the commit
 * path writes here; everything else reads.
 *
 * Opening hands over each collection's rows as read ({@link StoredCollection}); each index of a
 * collection is built from them the first time it is used (see stored-collection.ts), so the
 * first read of one collection builds nothing of the others.
 */

import type { CollectionName, OutboxEntry, StoredRecord } from '../model/types.js';
import { COLLECTIONS } from '../model/types.js';
import type { JsonValue } from '../storage-adapters/storage-adapter.js';
import { outboxOrder } from './outbox-order.js';
import type { Visibility } from './query.js';
import { isHidden } from './record-state.js';
import { decodeRowEntries, storedRevision } from './row-codec.js';
import { RowRevisions } from './row-revisions.js';
import type { ListedViews, StoredCollection } from './stored-collection.js';

const NO_ENTRIES: readonly OutboxEntry[] = Object.freeze([]);

const hasServerId = (record: StoredRecord | undefined): boolean =>
  record !== undefined && record.serverId !== null;

/** In-memory state of one namespace. */
export class StoreState {
  private readonly records = new Map<CollectionName, Map<string, StoredRecord>>();
  private readonly serverToLocal = new Map<CollectionName, Map<string, string>>();
  private readonly entries = new Map<string, OutboxEntry>();
  /** Entries per collection, then per local id, in `seq` order. */
  private readonly byRecord = new Map<CollectionName, Map<string, OutboxEntry[]>>();
  private readonly versions = new Map<CollectionName, number>();
  /** Built records with a server id, per collection (kept in step by `setRecord`). */
  private readonly withServerId = {} as Record<CollectionName, number>;
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
  readonly rowRevs = new RowRevisions((key) => this.prepareRevisions(key));
  /** Rows read at open whose indexes are not all built yet (see stored-collection.ts). */
  private readonly stored = new Map<CollectionName, StoredCollection>();
  private readonly recordsPending = new Set<CollectionName>();
  private readonly entriesPending = new Set<CollectionName>();
  private readonly revisionsPending = new Set<CollectionName>();
  /** While a collection's entries are not built: its records hidden by a queued delete. */
  private readonly hiddenStored = new Map<CollectionName, ReadonlySet<string>>();
  /** Entries counted at open whose collection's entries are not built yet. */
  private storedEntries = 0;

  constructor() {
    for (const collection of COLLECTIONS) {
      this.records.set(collection, new Map());
      this.serverToLocal.set(collection, new Map());
      this.versions.set(collection, 0);
      this.withServerId[collection] = 0;
      this.byRecord.set(collection, new Map());
    }
  }

  /** Every record of `collection`, hidden ones included, keyed by local id. */
  recordsOf(collection: CollectionName): ReadonlyMap<string, StoredRecord> {
    return this.recordMap(collection);
  }

  /**
   * Every record of `collection`, for a list: the map, or while it is not built, the records
   * decoded from the rows (the map is built from the same objects later: a list inserts nothing).
   */
  listedRecordsOf(
    collection: CollectionName,
  ): ReadonlyMap<string, StoredRecord> | readonly StoredRecord[] {
    const rows = this.recordsPending.has(collection) ? this.stored.get(collection) : undefined;
    return rows ? rows.decoded().records : this.recordMap(collection);
  }

  /** Before the map is built: the rows' views if all have one (parsed rows get view keys here). */
  listedViewsOf(collection: CollectionName): ListedViews['views'] | undefined {
    const rows = this.recordsPending.has(collection) ? this.stored.get(collection) : undefined;
    return rows?.views()?.views;
  }

  /** The records of `collection` already built or listed (none while its rows are only as read). */
  builtRecordsOf(collection: CollectionName): ReadonlyMap<string, StoredRecord> {
    if (this.recordsPending.has(collection) && this.stored.get(collection)?.isDecoded) {
      this.buildRecords(collection);
    }
    return this.recordsPending.has(collection)
      ? new Map()
      : (this.records.get(collection) as Map<string, StoredRecord>);
  }

  getRecord(collection: CollectionName, localId: string): StoredRecord | undefined {
    return this.recordMap(collection).get(localId);
  }

  /**
   * The local id of the record with `serverId`, if the device has it. Records first seen from
   * the server use the server id as local id and need no map entry (most of a pulled library:
   * this keeps cold start cheap); the map holds only records created on this device.
   */
  localIdOf(collection: CollectionName, serverId: string): string | undefined {
    this.recordMap(collection);
    const mapped = this.serverToLocal.get(collection)?.get(serverId);
    if (mapped !== undefined) return mapped;
    return this.records.get(collection)?.get(serverId)?.serverId === serverId
      ? serverId
      : undefined;
  }

  setRecord(collection: CollectionName, localId: string, next: StoredRecord | undefined): void {
    const map = this.recordMap(collection);
    const ids = this.serverToLocal.get(collection) as Map<string, string>;
    const prev = map.get(localId);
    const counted = Number(hasServerId(next)) - Number(hasServerId(prev));
    this.withServerId[collection] += counted;
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
   * Takes in the rows of one collection as opening read them: nothing is built yet but the
   * outbox counters (see stored-collection.ts).
   */
  takeStored(rows: StoredCollection): void {
    const { collection, tally } = rows;
    if (rows.size === 0) return;
    this.storedEntries += tally.count;
    this.failedCount += tally.failed;
    this.conflictCount += tally.conflict;
    if (tally.maxSeq >= this.nextSeq) this.nextSeq = tally.maxSeq + 1;
    this.stored.set(collection, rows);
    this.recordsPending.add(collection);
    if (tally.count > 0) this.entriesPending.add(collection);
    this.revisionsPending.add(collection);
  }

  /**
   * How many records of `collection` have a server id, `skip`ped local ids aside: a kept count
   * once built, else counted over the rows as read, building nothing (stored-collection.ts).
   */
  countWithServerId(collection: CollectionName, skip: ReadonlySet<string>): number {
    const rows = this.recordsPending.has(collection) ? this.stored.get(collection) : undefined;
    if (rows) return rows.countWithServerId((localId) => skip.has(localId));
    let count = this.withServerId[collection];
    const records = this.records.get(collection) as Map<string, StoredRecord>;
    for (const localId of skip) if (hasServerId(records.get(localId))) count--;
    return count;
  }

  /** Whether the record is hidden from reads (its last queued change is a delete). */
  isHidden(collection: CollectionName, localId: string): boolean {
    if (!this.entriesPending.has(collection)) {
      return isHidden(this.byRecord.get(collection)?.get(localId));
    }
    this.recordMap(collection);
    return this.hiddenStored.get(collection)?.has(localId) === true;
  }

  /**
   * Whether a record of `collection` is visible (synced, or not {@link isHidden}), with the
   * collection looked up once: a list asks it of every record. `undefined` when every record
   * is (no queued change, or no queued delete yet to be built): a list asks nothing.
   */
  visible(collection: CollectionName): Visibility {
    if (!this.entriesPending.has(collection)) {
      const lists = this.byRecord.get(collection);
      if (lists === undefined || lists.size === 0) return undefined;
      return (record) => record.syncStatus === 'synced' || !isHidden(lists.get(record.id));
    }
    const rows = this.recordsPending.has(collection) ? this.stored.get(collection) : undefined;
    const hidden = rows ? rows.hidden() : this.hiddenStored.get(collection);
    if (hidden === undefined || hidden.size === 0) return undefined;
    return (record) => record.syncStatus === 'synced' || !hidden.has(record.id);
  }

  /** Every outbox entry, in outbox order ({@link outboxOrder}). */
  allEntries(): OutboxEntry[] {
    this.buildAllEntries();
    return [...this.entries.values()].sort(outboxOrder);
  }

  get entryCount(): number {
    return this.entries.size + this.storedEntries;
  }

  getEntry(mutationId: string): OutboxEntry | undefined {
    this.buildAllEntries();
    return this.entries.get(mutationId);
  }

  /** The entries of one record, in `seq` order (empty when it has none). */
  entriesOf(collection: CollectionName, localId: string): readonly OutboxEntry[] {
    if (this.entriesPending.has(collection)) this.buildEntries(collection);
    return this.byRecord.get(collection)?.get(localId) ?? NO_ENTRIES;
  }

  setEntry(mutationId: string, next: OutboxEntry | undefined): void {
    this.buildAllEntries();
    const prev = this.entries.get(mutationId);
    const owner = next ?? prev;
    if (!owner) return;
    const lists = this.byRecord.get(owner.collection);
    if (!lists) return;
    const current = lists.get(owner.localId);
    let list = current ? current.filter((entry) => entry.mutationId !== mutationId) : [];
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
      while (at > 0 && outboxOrder(list[at - 1] as OutboxEntry, next) > 0) at--;
      if (list.length === 0) list = [next];
      else list.splice(at, 0, next);
    }
    if (list.length > 0) lists.set(owner.localId, list);
    else lists.delete(owner.localId);
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
      this.withServerId[collection] = 0;
      this.bump(collection);
    }
    this.entries.clear();
    this.failedCount = 0;
    this.conflictCount = 0;
    for (const lists of this.byRecord.values()) lists.clear();
    this.meta.clear();
    this.inFlight.clear();
    this.stored.clear();
    this.recordsPending.clear();
    this.entriesPending.clear();
    this.revisionsPending.clear();
    this.hiddenStored.clear();
    this.storedEntries = 0;
    this.rowRevs.clear();
    this.outboxVersion++;
  }

  // ── Building a collection's indexes from its stored rows, on first use ─────────────────

  private recordMap(collection: CollectionName): Map<string, StoredRecord> {
    if (this.recordsPending.has(collection)) this.buildRecords(collection);
    return this.records.get(collection) as Map<string, StoredRecord>;
  }

  private buildRecords(collection: CollectionName): void {
    const rows = this.stored.get(collection) as StoredCollection;
    const map = this.records.get(collection) as Map<string, StoredRecord>;
    const serverIds = this.serverToLocal.get(collection) as Map<string, string>;
    const { records, ids, hidden } = rows.decoded();
    let withServerId = 0;
    for (let i = 0; i < records.length; i++) {
      const localId = ids[i] as string;
      const record = records[i] as StoredRecord;
      map.set(localId, record);
      if (record.serverId !== null) withServerId++;
      if (record.serverId && record.serverId !== localId) serverIds.set(record.serverId, localId);
    }
    this.recordsPending.delete(collection);
    this.withServerId[collection] += withServerId;
    if (hidden.size > 0 && this.entriesPending.has(collection)) {
      this.hiddenStored.set(collection, hidden);
    }
    this.release(collection);
  }

  private buildAllEntries(): void {
    if (this.entriesPending.size === 0) return;
    for (const collection of [...this.entriesPending]) this.buildEntries(collection);
  }

  private buildEntries(collection: CollectionName): void {
    this.entriesPending.delete(collection);
    this.hiddenStored.delete(collection);
    const rows = this.stored.get(collection) as StoredCollection;
    const lists = this.byRecord.get(collection) as Map<string, OutboxEntry[]>;
    const localIds = rows.localIds();
    let built = 0;
    for (let i = 0; i < localIds.length; i++) {
      const localId = localIds[i] as string;
      if (!rows.mayHoldEntries(i)) continue;
      const entries = decodeRowEntries(rows.value(i), { collection, localId });
      if (!entries) continue;
      lists.set(localId, entries);
      for (const entry of entries) this.entries.set(entry.mutationId, entry);
      built += entries.length;
    }
    this.storedEntries -= built;
    this.release(collection);
  }

  /** Builds the row revisions of the collection `key` belongs to (every one without a key). */
  private prepareRevisions(key: string | undefined): void {
    if (this.revisionsPending.size === 0) return;
    for (const collection of [...this.revisionsPending]) {
      const rows = this.stored.get(collection) as StoredCollection;
      if (key !== undefined && !key.startsWith(rows.keyPrefix)) continue;
      for (let i = 0; i < rows.size; i++) {
        this.rowRevs.fill(rows.keys[i] as string, storedRevision(rows.value(i)) ?? 0);
      }
      this.revisionsPending.delete(collection);
      this.release(collection);
    }
  }

  /** Drops a collection's stored rows once every index was built from them. */
  private release(collection: CollectionName): void {
    if (
      !this.recordsPending.has(collection) &&
      !this.entriesPending.has(collection) &&
      !this.revisionsPending.has(collection)
    ) {
      this.stored.delete(collection);
    }
  }
}
