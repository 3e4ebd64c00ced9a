/**
 * Walks that ask for pages ahead (`concurrency` above 1) yield exactly what a walk asking one at
 * a time yields — same pages, same order, same end or same `ContractError` — whatever the server
 * says; they do have the next pages on their way while one is read, and abort what they end up
 * not needing.
 */
import { getEventListeners } from 'node:events';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Pagination } from '../schemas/common.js';
import type { InvalidListItem } from './lenient-list.js';
import { type PageFetcher, type PageWalkOptions, walkPages } from './paginate.js';

interface Page {
  readonly rows: Array<{ readonly id: string }>;
  readonly pagination: Pagination;
}

const source = { operation: 'heroes.list', path: 'api/v1/heroes', items: (p: Page) => p.rows };

/** What a walk saw: the pages' row ids, the invalid rows reported, and how it ended. */
async function walk(fetchPage: PageFetcher<Page>, options: PageWalkOptions) {
  const pages: string[][] = [];
  const invalid: string[] = [];
  const onInvalidItem = (item: InvalidListItem) => invalid.push(String(item.id));
  try {
    for await (const page of walkPages(fetchPage, source, { ...options, onInvalidItem })) {
      pages.push(page.rows.map((row) => row.id));
    }
    return { pages, invalid, end: 'ended' };
  } catch (error) {
    return { pages, invalid, end: String((error as Error).message) };
  }
}

/** A server answering each offset the same way every time, as `answers` say, in any order. */
const answerArb = fc.record({
  rows: fc.integer({ min: 0, max: 3 }),
  invalid: fc.boolean(),
  hasMore: fc.boolean(),
  echo: fc.constantFrom('same', 'skip', 'back', 'clamp'),
  total: fc.integer({ min: 0, max: 12 }),
});

type Answer = typeof answerArb extends fc.Arbitrary<infer A> ? A : never;

function serverOf(answers: readonly Answer[]): PageFetcher<Page> {
  return async (offset, limit, options) => {
    await Promise.resolve();
    const a = answers[Math.abs(offset) % answers.length] as Answer;
    if (a.invalid) {
      options.onInvalidItem?.({
        operation: 'heroes.list',
        id: `bad${offset}`,
        field: '',
        message: '',
      });
    }
    const rows = Array.from({ length: a.rows }, (_, k) => ({ id: `o${offset}r${k}` }));
    const echoed = a.echo === 'skip' ? offset + 1 : a.echo === 'back' ? offset - 1 : offset;
    return {
      rows,
      pagination: {
        total: a.total,
        limit: a.echo === 'clamp' ? Math.max(1, limit - 1) : limit,
        offset: echoed,
        hasMore: a.hasMore,
      },
    };
  };
}

describe('page walks that ask ahead', () => {
  it('yield the same pages, invalid rows and end as a walk one page at a time', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(answerArb, { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 2, max: 5 }),
        async (answers, pageSize, concurrency) => {
          const fetchPage = serverOf(answers);
          const one = await walk(fetchPage, { pageSize });
          const ahead = await walk(fetchPage, { pageSize, concurrency });
          expect(ahead).toEqual(one);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('have the next pages on their way while one is read, and abort the rest at the end', async () => {
    const asked: number[] = [];
    const aborted: number[] = [];
    const fetchPage: PageFetcher<Page> = async (offset, limit, options) => {
      asked.push(offset);
      options.signal?.addEventListener('abort', () => aborted.push(offset));
      await Promise.resolve();
      const pagination = { total: 10, limit, offset, hasMore: offset + limit < 10 };
      return { rows: [{ id: `r${offset}` }], pagination };
    };
    const controller = new AbortController();
    const options = { pageSize: 1, concurrency: 4, signal: controller.signal };
    const pages = walkPages(fetchPage, source, options);
    await pages.next();
    // Page 0 is being read; the next four are on their way.
    expect(asked).toEqual([0, 1, 2, 3, 4]);
    await pages.next();
    expect(asked).toEqual([0, 1, 2, 3, 4, 5]);
    await pages.return(undefined);
    expect(aborted.sort()).toEqual([2, 3, 4, 5]);
  });

  it('leave no listener on the caller’s signal when abandoned, and still abort on it', async () => {
    const aborted: number[] = [];
    const controller = new AbortController();
    const fetchPage: PageFetcher<Page> = async (offset, limit, options) => {
      // (The first page gets the caller's signal itself: only pages asked ahead are watched.)
      if (options.signal !== controller.signal) {
        options.signal?.addEventListener('abort', () => aborted.push(offset));
      }
      await Promise.resolve();
      const pagination = { total: 10, limit, offset, hasMore: offset + limit < 10 };
      return { rows: [{ id: `r${offset}` }], pagination };
    };
    const options = { pageSize: 1, concurrency: 3, signal: controller.signal };
    // Read one page, then drop the walk without `return()` (a reader that stopped).
    await walkPages(fetchPage, source, options).next();
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    // The pages asked ahead still follow the caller's signal.
    controller.abort();
    await Promise.resolve();
    expect(aborted.sort()).toEqual([1, 2, 3]);
  });

  it('drop a page asked ahead that failed, unread, without an unhandled rejection', async () => {
    const fetchPage: PageFetcher<Page> = async (offset, limit) => {
      await Promise.resolve();
      if (offset === 2) throw new Error('page 2 failed');
      // The first page ends the walk early: total shrinks to 2 after it was asked ahead.
      const total = offset === 0 ? 10 : 2;
      return { rows: [{ id: `r${offset}` }], pagination: { total, limit, offset, hasMore: true } };
    };
    const result = await walk(fetchPage, { pageSize: 1, concurrency: 3 });
    expect(result).toEqual({ pages: [['r0'], ['r1']], invalid: [], end: 'ended' });
  });
});
