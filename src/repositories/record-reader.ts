/** The read side every repository shares: typed `get`, list and live queries over one collection. */

import type { CollectionName, WireData } from '../model/types.js';
import type { StoreQuery } from '../store/query.js';
import { LiveQueryCache } from './live-query-cache.js';
import {
  checkCount,
  newRecordFields,
  notFound,
  type RepositoryContext,
} from './repository-context.js';
import type { Subscribable } from './subscribable.js';

/** Typed reads of one collection. */
export class RecordReader<R> {
  readonly #live = new LiveQueryCache();

  /** @internal */
  constructor(
    protected readonly context: RepositoryContext,
    protected readonly collection: CollectionName,
  ) {}

  /** The record with local id `id`, or `undefined` (missing or pending deletion). Never waits. */
  get(id: string): R | undefined {
    return this.context.store.get(this.collection, id) as R | undefined;
  }

  /**
   * A live `get(id)`: `getSnapshot()` + `subscribe(listener)`, the same object for the same id
   * while it is in use.
   */
  observeOne(id: string): Subscribable<R | undefined> {
    return this.#live.get(`one:${id}`, () =>
      this.context.store.observeRecord(this.collection, id),
    ) as Subscribable<R | undefined>;
  }

  /** The visible record, or `ValidationError` naming the id. */
  protected requireVisible(id: string, operation: string): R {
    const record = this.get(id);
    if (record === undefined) throw notFound(operation, id);
    return record;
  }

  /**
   * Stores validated `fields` as a new record (local `createdAt`/`updatedAt` added) together
   * with its outbox entry; resolves once both are durable.
   */
  protected async insert(fields: object, prefix?: WireData): Promise<R> {
    const record = newRecordFields(this.context, fields, prefix);
    return (await this.context.store.create(this.collection, record)) as unknown as R;
  }

  /**
   * Applies a validated patch locally and queues it (coalesced with earlier queued changes).
   * An empty patch changes nothing and returns the record.
   */
  protected async patch(id: string, fields: object, operation: string): Promise<R> {
    if (Object.keys(fields).length === 0) return this.requireVisible(id, operation);
    return (await this.context.store.update(
      this.collection,
      id,
      fields as WireData,
    )) as unknown as R;
  }

  /** Runs a store query (validating paging). */
  protected select(operation: string, query: StoreQuery): readonly R[] {
    checkCount(operation, 'limit', query.limit);
    checkCount(operation, 'offset', query.offset);
    return this.context.store.list(this.collection, query) as unknown as readonly R[];
  }

  /**
   * A live store query (validating paging): the same object for equal queries while it is in
   * use, so `observe(query)` can be called on every render.
   */
  protected watch(operation: string, query: StoreQuery): Subscribable<readonly R[]> {
    checkCount(operation, 'limit', query.limit);
    checkCount(operation, 'offset', query.offset);
    return this.#live.get(`list:${JSON.stringify(query)}`, () =>
      this.context.store.observe(this.collection, query),
    ) as unknown as Subscribable<readonly R[]>;
  }
}
