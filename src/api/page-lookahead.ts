/**
 * Pages asked for before they are needed. A walk knows, once a page arrived, where the next
 * ones start (`offset + limit`, up to `total`); while it hands one page to its reader, the
 * next few are already on their way, so the server's time and the client's overlap. Only the
 * offsets the walk would ask for next are fetched ahead, and a page is handed out only in walk
 * order: the walk yields the same pages, in the same order, as one that asks one at a time.
 * When a page says something else (a different offset or limit, `hasMore: false`, a shrunken
 * `total`), what was asked ahead for other offsets is aborted and dropped, unread.
 *
 * Each page asked ahead follows the caller's signal through its own combined signal; nothing
 * listens on the caller's signal itself, so a walk its reader drops without ending it (no
 * `return()`) leaves nothing attached to that signal.
 */
import { anySignal } from '../platform/compat/any-signal.js';
import type { InvalidListItem, ListCallOptions } from './lenient-list.js';

/** A page as fetched, with the rows left out of it for failing their schema. */
export interface FetchedPage<P> {
  readonly page: P;
  readonly invalid: readonly InvalidListItem[];
}

/** Fetches one page at `offset` (see `PageFetcher`). */
type Fetch<P> = (offset: number, limit: number, options: ListCallOptions) => Promise<P>;

interface Ahead<P> {
  readonly controller: AbortController;
  readonly result: Promise<FetchedPage<P>>;
}

const ignore = (): void => undefined;

/** The pages of one walk that were asked for ahead of the reader. */
export class PageLookahead<P> {
  readonly #ahead = new Map<number, Ahead<P>>();

  /**
   * @param limit the `limit` every request of the walk sends.
   * @param depth pages in flight at once (1 asks for each page when it is needed).
   */
  constructor(
    private readonly fetchPage: Fetch<P>,
    private readonly options: ListCallOptions,
    private readonly limit: number,
    private readonly depth: number,
  ) {}

  /** The page at `offset`: the one asked ahead for it, or asked now. */
  take(offset: number): Promise<FetchedPage<P>> {
    const ahead = this.#ahead.get(offset);
    if (ahead === undefined) return this.#fetch(offset, this.options);
    this.#ahead.delete(offset);
    return ahead.result;
  }

  /**
   * Keeps the pages from `next` on their way: `next`, `next + stride`, … below `total`, `depth`
   * of them (none at depth 1: the walk then asks for each page once it needs it). Pages asked
   * ahead for any other offset are dropped.
   */
  plan(next: number, stride: number, total: number): void {
    const wanted = new Set<number>();
    for (let k = 0; this.depth > 1 && k < this.depth; k++) {
      const offset = next + k * stride;
      if (offset >= total) break;
      wanted.add(offset);
    }
    for (const [offset, ahead] of this.#ahead) {
      if (wanted.has(offset)) continue;
      ahead.controller.abort();
      this.#ahead.delete(offset);
    }
    if (this.options.signal?.aborted) return;
    for (const offset of wanted) {
      if (this.#ahead.has(offset)) continue;
      const controller = new AbortController();
      const signal = this.options.signal
        ? anySignal([this.options.signal, controller.signal])
        : controller.signal;
      const result = this.#fetch(offset, { ...this.options, signal });
      // Read later, or never (dropped): a failure is seen when the page is taken.
      result.catch(ignore);
      this.#ahead.set(offset, { controller, result });
    }
  }

  /** Aborts and drops every page asked ahead (the walk ended or failed). */
  close(): void {
    for (const ahead of this.#ahead.values()) ahead.controller.abort();
    this.#ahead.clear();
  }

  /** Fetches a page, keeping its invalid rows apart from every other page's. */
  async #fetch(offset: number, options: ListCallOptions): Promise<FetchedPage<P>> {
    const invalid: InvalidListItem[] = [];
    const { onInvalidItem, ...rest } = options;
    const call: ListCallOptions = onInvalidItem
      ? { ...rest, onInvalidItem: (item) => invalid.push(item) }
      : rest;
    return { page: await this.fetchPage(offset, this.limit, call), invalid };
  }
}
