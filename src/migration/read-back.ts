/**
 * The read-back of created rows, shared by the stories upload and the verification. Listings are
 * newest first (`createdAt desc`), so the rows not read yet are the newest: a catch-up reads pages
 * from the front until every wanted id has been seen or the listing ends.
 *
 * The stories upload starts a catch-up after each chunk, so one chunk is read back while the
 * next is sent; the verification waits for it and catches up once more (with retries). What was
 * seen lives in memory only: a resumed run reads back everything it did not read itself.
 */
import type { MigrationContext } from './migration-context.js';
import { withRetries } from './recovery.js';
import {
  type ListedCollection,
  type ListedPage,
  listPage,
  PAGE,
  PAGE_CONCURRENCY,
  type Row,
} from './server-rows.js';

type PageReader = (offset: number) => Promise<ListedPage>;

/** The rows read back in this run, by collection and server id. */
export class ReadBack {
  readonly #seen: Record<ListedCollection, Map<string, Row>> = {
    heroes: new Map(),
    stories: new Map(),
    customEvents: new Map(),
  };
  #behind: Promise<void> = Promise.resolve();

  constructor(private readonly context: MigrationContext) {}

  /** The rows seen so far of `collection`. */
  rows(collection: ListedCollection): Map<string, Row> {
    return this.#seen[collection];
  }

  /**
   * Starts a catch-up of `collection` after the one running, once a full page of `wanted` is
   * unseen (fewer are left to the verification, so small chunks do not re-read a page each).
   * One attempt per page: a failure (or an abort) leaves the rows to the verification.
   */
  behind(collection: ListedCollection, wanted: () => readonly string[]): void {
    const { context } = this;
    const once: PageReader = (offset) => {
      context.progress.request();
      return listPage(context, collection, offset);
    };
    this.#behind = this.#behind.then(() => {
      const ids = wanted();
      if (this.#unseen(collection, ids) < PAGE) return;
      return this.#catchUp(collection, ids, once).catch(() => {});
    });
  }

  /** Resolves once the catch-ups started by {@link behind} are over; never rejects. */
  settled(): Promise<void> {
    return this.#behind;
  }

  /** Reads pages until every id in `wanted` is seen or the listing ends, retrying each page. */
  catchUp(collection: ListedCollection, wanted: readonly string[]): Promise<void> {
    const { context } = this;
    const retried: PageReader = (offset) =>
      withRetries(context, `reading back the ${collection}`, () => {
        context.progress.request();
        return listPage(context, collection, offset);
      });
    return this.#catchUp(collection, wanted, retried);
  }

  async #catchUp(
    collection: ListedCollection,
    wanted: readonly string[],
    read: PageReader,
  ): Promise<void> {
    const seen = this.#seen[collection];
    let missing = this.#unseen(collection, wanted);
    let offset = 0;
    let total = Number.POSITIVE_INFINITY;
    while (missing > 0 && offset < total) {
      // As many pages as the unseen rows fill, asked at once (the first answer's total is not
      // awaited): rows already seen sit behind them.
      const count = Math.min(PAGE_CONCURRENCY, Math.ceil(missing / PAGE));
      const offsets = Array.from({ length: count }, (_, i) => offset + i * PAGE);
      const pages = await Promise.all(offsets.map(read));
      for (const page of pages) for (const row of page.rows) seen.set(row.id, row);
      total = Math.max(...pages.map((page) => page.total));
      offset += count * PAGE;
      missing = this.#unseen(collection, wanted);
    }
  }

  #unseen(collection: ListedCollection, wanted: readonly string[]): number {
    const seen = this.#seen[collection];
    return wanted.reduce((count, id) => (seen.has(id) ? count : count + 1), 0);
  }
}
