/**
 * Live queries: `getSnapshot()` + `subscribe(listener)` over the store.
 *
 * - A snapshot is recomputed only when its collection changed, and replaced only when the
 *   result differs (compared element by element, by record identity: every change to a record
 *   makes a new object). So `getSnapshot()` returns the same object while nothing relevant
 *   changed, which `useSyncExternalStore` needs.
 * - Subscribed queries are refreshed synchronously inside the commit that changed their
 *   collection, and their listeners run right then — once per commit that alters the result,
 *   never for writes to other records or collections.
 */

import type { CollectionName, Observable } from '../model/types.js';
import { ListenerSet } from '../platform/listener-set.js';
import type { AppliedChange, RecordChange } from './change-set.js';
import type { StoreState } from './store-state.js';

/** How to compute and compare one live query. */
export interface LiveQueryDefinition<R> {
  readonly collection: CollectionName;
  /** Computes the current result from the store. */
  compute(): R;
  /** True when two results are the same for the app. */
  equal(a: R, b: R): boolean;
  /** False when the change certainly leaves the result as it is (skips recomputing). */
  mayAffect(change: RecordChange): boolean;
}

/** Receives errors thrown by listeners (they never break a commit). */
export type ListenerErrorHandler = (error: unknown) => void;

class LiveQuery<R> implements Observable<R> {
  private snapshot!: R;
  private hasSnapshot = false;
  private version = -1;
  private readonly listeners: ListenerSet;

  constructor(
    private readonly registry: LiveQueryRegistry,
    readonly definition: LiveQueryDefinition<R>,
  ) {
    this.listeners = new ListenerSet({
      perSubscription: true,
      onFirst: () => {
        this.getSnapshot();
        registry.add(this);
      },
      onLast: () => registry.remove(this),
      onError: registry.onListenerError,
    });
  }

  getSnapshot = (): R => {
    const version = this.registry.state.versionOf(this.definition.collection);
    if (version !== this.version) this.refresh(version);
    return this.snapshot;
  };

  subscribe = (listener: () => void): (() => void) => this.listeners.add(listener);

  /** Brings the snapshot up to date after a commit; true when listeners must be told. */
  update(changes: readonly RecordChange[]): boolean {
    const version = this.registry.state.versionOf(this.definition.collection);
    if (this.version === version - 1 && !changes.some((c) => this.definition.mayAffect(c))) {
      this.version = version;
      return false;
    }
    return this.refresh(version);
  }

  notify(): void {
    this.listeners.emit();
  }

  private refresh(version: number): boolean {
    const next = this.definition.compute();
    this.version = version;
    if (this.hasSnapshot && this.definition.equal(this.snapshot, next)) return false;
    this.snapshot = next;
    this.hasSnapshot = true;
    return true;
  }
}

/** Keeps the subscribed live queries of one store and refreshes them on every commit. */
export class LiveQueryRegistry {
  private readonly active = new Map<CollectionName, Set<LiveQuery<unknown>>>();
  private readonly outboxListeners: ListenerSet;

  constructor(
    readonly state: StoreState,
    readonly onListenerError: ListenerErrorHandler,
  ) {
    this.outboxListeners = new ListenerSet({ perSubscription: true, onError: onListenerError });
  }

  /** A live query over one collection. */
  create<R>(definition: LiveQueryDefinition<R>): Observable<R> {
    return new LiveQuery(this, definition);
  }

  /** Calls `listener` after every outbox change. */
  subscribeOutbox(listener: () => void): () => void {
    return this.outboxListeners.add(listener);
  }

  add(query: LiveQuery<unknown>): void {
    const collection = query.definition.collection;
    let set = this.active.get(collection);
    if (!set) {
      set = new Set();
      this.active.set(collection, set);
    }
    set.add(query);
  }

  remove(query: LiveQuery<unknown>): void {
    this.active.get(query.definition.collection)?.delete(query);
  }

  /** Called by the committer, synchronously, after each applied commit or rollback. */
  handle(change: AppliedChange): void {
    const byCollection = new Map<CollectionName, RecordChange[]>();
    for (const record of change.records) {
      const list = byCollection.get(record.collection);
      if (list) list.push(record);
      else byCollection.set(record.collection, [record]);
    }
    const toNotify: LiveQuery<unknown>[] = [];
    for (const [collection, changes] of byCollection) {
      const queries = this.active.get(collection);
      if (!queries) continue;
      for (const query of [...queries]) if (query.update(changes)) toNotify.push(query);
    }
    for (const query of toNotify) query.notify();
    if (change.outboxChanged) this.outboxListeners.emit();
  }
}
