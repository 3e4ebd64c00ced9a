/**
 * The LocalStore: one user's records and outbox, served from memory and kept durable through a
 * {@link StorageAdapter}. Repositories read and write here; the sync engine acknowledges,
 * pulls and rebases here. It never talks to the network.
 */

import { StorageError, ValidationError } from '../errors/index.js';
import type {
  AnyLocalRecord,
  CollectionName,
  Observable,
  OutboxEntry,
  StoredRecord,
  WireData,
} from '../model/types.js';
import { systemClock } from '../platform/clock.js';
import type { JsonValue, StorageAdapter } from '../storage-adapters/storage-adapter.js';
import type { Intent } from './coalesce.js';
import { Committer } from './commit.js';
import { type ServerRow, toLocalId, toServerPatch, type UnresolvedReference } from './id-map.js';
import { uuidv7 } from './ids.js';
import { keyLayout } from './keys.js';
import { LiveQueryRegistry } from './live-queries.js';
import { type LoadResult, loadNamespace } from './load.js';
import { planLocalWrite } from './local-writes.js';
import { Outbox } from './outbox.js';
import { type RecordState, syncView, viewOf } from './public-record.js';
import { matches, type StoreQuery, sameElements, selectRecords, selectViews } from './query.js';
import { SharedRows } from './shared-rows.js';
import { emptyCore, type StoreCore } from './store-core.js';
import { type LocalStoreOptions, wipeNamespace } from './store-options.js';
import { StoreState } from './store-state.js';
import { type StoreServerClock, StoreTime } from './store-time.js';
import type { SyncStore } from './sync-store.js';

export type { LocalStoreOptions } from './store-options.js';
export { wipeNamespace } from './store-options.js';
export type { StoreServerClock } from './store-time.js';
export type { SyncStore } from './sync-store.js';

import { type ApplyRowsResult, planApplyRows } from './apply-rows.js';
import {
  keptAfterCommit,
  planApplyServerFields,
  planRebase,
  planRecreate,
  planRemoveRecords,
  type RemoveRecordsResult,
} from './sync-ops.js';

/** Opens (creating or migrating as needed) the namespace of `options.userId`. */
export async function openLocalStore(options: LocalStoreOptions): Promise<LocalStore> {
  const now = options.now ?? systemClock.now;
  const state = new StoreState();
  const keys = keyLayout(options.userId);
  const loaded = await loadNamespace(options.storage, keys, state, now());
  return new LocalStore(options, state, loaded);
}

/** One user's local data. Create it with {@link openLocalStore}. */
export class LocalStore implements SyncStore {
  /** The user this namespace belongs to. */
  readonly userId: string;
  /** The pending changes. */
  readonly outbox: Outbox;
  /** Other clients' writes to the same storage (tabs, a background task, other processes). */
  readonly shared: SharedRows;
  /** What opening found (format version, whether it migrated). */
  readonly opened: LoadResult;
  private readonly core: StoreCore;
  private readonly storage: StorageAdapter;
  private closed = false;

  /** @internal use {@link openLocalStore} */
  constructor(options: LocalStoreOptions, state: StoreState, opened: LoadResult) {
    const now = options.now ?? systemClock.now;
    const live = new LiveQueryRegistry(state, options.onListenerError ?? (() => {}));
    const keys = keyLayout(options.userId);
    const committer = new Committer(state, options.storage, keys, (c) => live.handle(c));
    const newId = options.newId ?? (() => uuidv7(now()));
    this.core = { state, committer, live, now, time: new StoreTime(now), newId };
    this.userId = options.userId;
    this.storage = options.storage;
    this.opened = opened;
    this.outbox = new Outbox(this.core);
    this.shared = new SharedRows(committer, options.storage, keys);
  }

  // Reads never wait and never touch storage.
  /** The visible record, or `undefined` (missing or pending deletion). */
  get(collection: CollectionName, localId: string): AnyLocalRecord | undefined {
    const record = this.core.state.getRecord(collection, localId);
    return record && this.visible(collection, record) ? viewOf(record) : undefined;
  }

  /** Visible records matching `query`. */
  list(collection: CollectionName, query: StoreQuery = {}): readonly AnyLocalRecord[] {
    return this.runList(collection, query);
  }

  /** A live `list(collection, query)`. */
  observe(
    collection: CollectionName,
    query: StoreQuery = {},
  ): Observable<readonly AnyLocalRecord[]> {
    return this.core.live.create({
      collection,
      compute: () => this.runList(collection, query),
      equal: sameElements,
      mayAffect: (change) =>
        (change.prev !== undefined && matches(change.prev, query.where)) ||
        (change.next !== undefined && matches(change.next, query.where)),
    });
  }

  /** A live `get(collection, localId)`. */
  observeRecord(
    collection: CollectionName,
    localId: string,
  ): Observable<AnyLocalRecord | undefined> {
    return this.core.live.create({
      collection,
      compute: () => this.get(collection, localId),
      equal: (a, b) => a === b,
      mayAffect: (change) => change.localId === localId,
    });
  }

  // Local writes are optimistic, and durable with their outbox entry.
  /**
   * Creates a record with a new local id (or `options.localId`) and queues its create.
   * Visible at once; resolves once the record and its outbox entry are durable.
   */
  create(
    collection: CollectionName,
    data: WireData,
    options: { readonly localId?: string } = {},
  ): Promise<AnyLocalRecord> {
    const localId = options.localId ?? this.core.newId();
    return this.writeKept(
      collection,
      localId,
      { op: 'create', patch: data, fresh: options.localId === undefined },
      `${collection}.create`,
    );
  }

  /** Changes fields of a record and queues (or coalesces) the update. */
  update(collection: CollectionName, localId: string, patch: WireData): Promise<AnyLocalRecord> {
    return this.writeKept(collection, localId, { op: 'update', patch }, `${collection}.update`);
  }

  /** Hides the record at once and queues its delete (a pending create is simply dropped). */
  async delete(collection: CollectionName, localId: string): Promise<void> {
    await this.write(collection, localId, { op: 'delete', patch: null }, `${collection}.delete`);
  }

  /** Queues a named server action (e.g. `favorite`), applying `patch` locally at once. */
  action(
    collection: CollectionName,
    localId: string,
    name: string,
    patch: WireData | null,
  ): Promise<AnyLocalRecord> {
    return this.writeKept(collection, localId, { op: name, patch }, `${collection}.${name}`);
  }

  private async writeKept(
    collection: CollectionName,
    localId: string,
    intent: Intent,
    operation: string,
  ): Promise<AnyLocalRecord> {
    const record = await this.write(collection, localId, intent, operation);
    if (!record) throw new Error(`${operation}: the record vanished`);
    return record;
  }

  private async write(
    collection: CollectionName,
    localId: string,
    intent: Intent,
    operation: string,
  ): Promise<AnyLocalRecord | undefined> {
    this.assertOpen(operation);
    const { state, now, newId, time } = this.core;
    const planned = planLocalWrite(
      { state, userId: this.userId, now: now(), editedServerAt: time.editedServerAt(), newId },
      collection,
      localId,
      intent,
    );
    if (!planned.ok) {
      throw new ValidationError({
        operation,
        field: 'id',
        message:
          planned.reason === 'exists'
            ? `"${localId}" is already used by another record`
            : `"${localId}" does not match any record`,
      });
    }
    await this.core.committer.commit(planned.change);
    return planned.record && viewOf(planned.record);
  }

  // For the sync engine:
  /** The stored record (hidden ones too) with its sync metadata; `data`: the wire fields. */
  getStored(collection: CollectionName, localId: string): StoredRecord | undefined {
    const record = this.core.state.getRecord(collection, localId);
    return record && syncView(record);
  }

  /** Whether the store holds the record (hidden ones too), without building its view. */
  hasRecord(collection: CollectionName, localId: string): boolean {
    return this.core.state.getRecord(collection, localId) !== undefined;
  }

  /** Every stored record of `collection`, hidden ones included (as {@link getStored}). */
  *storedRecords(collection: CollectionName): IterableIterator<StoredRecord> {
    for (const record of this.core.state.recordsOf(collection).values()) yield syncView(record);
  }

  /** Every stored record of `collection` without its data (nothing to copy), hidden ones too. */
  recordStates(collection: CollectionName): IterableIterator<RecordState> {
    return this.core.state.recordsOf(collection).values();
  }

  /** How many records of `collection` have a server id, `skip`ped local ids aside (cheap). */
  countWithServerId(collection: CollectionName, skip: ReadonlySet<string>): number {
    return this.core.state.countWithServerId(collection, skip);
  }

  /** A record's queued entries, oldest first. */
  entriesOf(collection: CollectionName, localId: string): readonly OutboxEntry[] {
    return this.core.state.entriesOf(collection, localId);
  }

  /** The local id for a server id (the server id itself when the device has no such record). */
  toLocalId(collection: CollectionName, serverId: string): string {
    return toLocalId(this.core.state, collection, serverId);
  }

  /** The server id of a local record, or `null` while its create is not acknowledged. */
  toServerId(collection: CollectionName, localId: string): string | null {
    return this.core.state.getRecord(collection, localId)?.serverId ?? null;
  }

  /** `patch` with references as server ids, and those that cannot be translated yet. */
  toServerPatch(
    collection: CollectionName,
    patch: WireData,
  ): { patch: WireData; unresolved: UnresolvedReference[] } {
    return toServerPatch(this.core.state, collection, patch);
  }

  /**
   * Applies pulled (or freshly generated) server rows in one atomic commit. Records with queued
   * local changes are left alone and returned in `pending` for conflict handling. Stale rows are
   * skipped: older than the record's server version (unless dated after `trustedUntil`, the
   * latest the server's clock can be), or listed at `listedAt` (server clock) before the record
   * last heard from the server.
   */
  async applyServerRows(
    collection: CollectionName,
    rows: readonly ServerRow[],
    listedAt?: number,
    trustedUntil?: string,
  ): Promise<ApplyRowsResult> {
    this.assertOpen('store.applyServerRows');
    const { state, time } = this.core;
    const heardAt = time.heardAt();
    const planned = planApplyRows(state, collection, rows, heardAt, listedAt, trustedUntil);
    const { change, result } = planned;
    await this.core.committer.commit(change);
    return result;
  }

  /**
   * Applies server-owned fields returned by an online-only operation (avatar, audio, play
   * count…) to one record, even while it has queued changes (see `planApplyServerFields`).
   */
  async applyServerFields(
    collection: CollectionName,
    localId: string,
    fields: WireData,
  ): Promise<void> {
    this.assertOpen('store.applyServerFields');
    await this.core.committer.commit(
      planApplyServerFields(this.core.state, collection, localId, fields, this.core.time.heardAt()),
    );
  }

  /** Removes records the server no longer has, with their dependants (reconciliation). */
  async removeRecords(
    collection: CollectionName,
    localIds: readonly string[],
  ): Promise<RemoveRecordsResult> {
    this.assertOpen('store.removeRecords');
    const { change, result } = planRemoveRecords(this.core.state, collection, localIds);
    await this.core.committer.commit(change);
    return keptAfterCommit(this.core.state, collection, change, result);
  }

  /**
   * Rebases a record onto server `row`, keeping `resolved` as its queued change (or none, or
   * `'delete'`: its delete queued again), in one commit.
   */
  async rebase(
    collection: CollectionName,
    localId: string,
    row: ServerRow,
    resolved: WireData | null | 'delete',
  ): Promise<void> {
    this.assertOpen('store.rebase');
    const { state, time, newId } = this.core;
    await this.core.committer.commit(
      planRebase({ state, collection, localId, row, resolved, time, newId }),
    );
  }

  /**
   * Re-creates a record the server deleted: one atomic commit replaces its queued changes with
   * a create of `data` and forgets its server id (it gets a new one when pushed). The local id
   * stays, so UI keys and references on the device stay valid.
   */
  async recreate(collection: CollectionName, localId: string, data: WireData): Promise<void> {
    this.assertOpen('store.recreate');
    const { state, time, newId } = this.core;
    await this.core.committer.commit(planRecreate(state, collection, localId, data, time, newId));
  }

  /** Records edit times and `lastSyncedAt` on `clock` from now on (the sync engine's). */
  useServerClock(clock: StoreServerClock): void {
    this.core.time.use(clock);
  }

  /** A named value kept beside the records (pull cursors, cached profile…). */
  getMeta(name: string): JsonValue | undefined {
    return this.core.state.meta.get(name);
  }

  /** Sets (or with `undefined` removes) a named value; resolves once durable. */
  async setMeta(name: string, value: JsonValue | undefined): Promise<void> {
    this.assertOpen('store.setMeta');
    if (name === 'format') throw new StorageError('store.setMeta', '"format" is reserved');
    await this.core.committer.commit({ records: [], entries: [], meta: [{ name, value }] });
  }

  /** Resolves once every write made so far has settled. */
  whenIdle(): Promise<void> {
    return this.core.committer.whenIdle();
  }

  /** Deletes all of this user's local data (records and outbox) and empties the store. */
  async wipe(): Promise<void> {
    this.assertOpen('store.wipe');
    await this.core.committer.whenIdle();
    await wipeNamespace(this.storage, this.userId);
    emptyCore(this.core);
  }

  /** Waits for pending writes, then refuses new ones. Does not close the adapter. Idempotent. */
  async close(): Promise<void> {
    this.closed = true;
    await this.core.committer.close();
  }

  /**
   * After {@link close}: forgets the in-memory copy (storage keeps everything). Live queries
   * and readers taken earlier are told and read nothing from then on — a signed-out user's
   * records never show through an object the app kept.
   */
  forget(): void {
    if (this.closed) emptyCore(this.core);
  }

  private assertOpen(operation: string): void {
    if (this.closed) throw new StorageError(operation, 'the local store is closed');
  }

  private visible(collection: CollectionName, record: StoredRecord): boolean {
    return record.syncStatus === 'synced' || !this.core.state.isHidden(collection, record.id);
  }

  private runList(collection: CollectionName, query: StoreQuery): readonly AnyLocalRecord[] {
    const { state } = this.core;
    const visible = state.visible(collection);
    const views = state.listedViewsOf(collection);
    return Object.freeze(
      views
        ? selectViews(views, query, visible)
        : selectRecords(state.listedRecordsOf(collection), query, visible, viewOf),
    );
  }
}
