/** The read side every repository shares: typed `get`, list and live queries over one collection. */
import type { StoreQuery } from '../store/query.js';
import type { CollectionName, Observable } from '../store/types.js';
import { checkCount, notFound, type RepositoryContext } from './repository-context.js';

/** Typed reads of one collection. */
export class RecordReader<R> {
  /** @internal */
  constructor(
    protected readonly context: RepositoryContext,
    protected readonly collection: CollectionName,
  ) {}

  /** The record with local id `id`, or `undefined` (missing or pending deletion). Never waits. */
  get(id: string): R | undefined {
    return this.context.store.get(this.collection, id) as R | undefined;
  }

  /** A live `get(id)`: `getSnapshot()` + `subscribe(listener)`. */
  observeOne(id: string): Observable<R | undefined> {
    return this.context.store.observeRecord(this.collection, id) as Observable<R | undefined>;
  }

  /** The visible record, or `ValidationError` naming the id. */
  protected requireVisible(id: string, operation: string): R {
    const record = this.get(id);
    if (record === undefined) throw notFound(operation, id);
    return record;
  }

  /** Runs a store query (validating paging). */
  protected select(operation: string, query: StoreQuery): readonly R[] {
    checkCount(operation, 'limit', query.limit);
    checkCount(operation, 'offset', query.offset);
    return this.context.store.list(this.collection, query) as unknown as readonly R[];
  }

  /** A live store query (validating paging). */
  protected watch(operation: string, query: StoreQuery): Observable<readonly R[]> {
    checkCount(operation, 'limit', query.limit);
    checkCount(operation, 'offset', query.offset);
    return this.context.store.observe(this.collection, query) as unknown as Observable<
      readonly R[]
    >;
  }
}
