/**
 * Every page walk is bounded, whatever the server says (issue: a list that keeps saying
 * `hasMore` hung sync): it ends once the next offset reaches `total`, and it fails with a
 * `ContractError` naming the endpoint when the offsets do not advance or the pages outnumber
 * what the first page's `total` allows. (The same page twice and empty pages with `hasMore` are
 * proven through sync in `test/sync/pull-hardening.test.ts`.)
 */
import { describe, expect, it } from 'vitest';
import { isContractError } from '../errors/index.js';
import type { Pagination } from '../schemas/common.js';
import { type PageFetcher, walkPages } from './paginate.js';

interface Page {
  readonly rows: Array<{ readonly id: string }>;
  readonly pagination: Pagination;
}

const source = { operation: 'heroes.list', path: 'api/v1/heroes', items: (p: Page) => p.rows };

/** Pages whose `pagination` comes from `say(offset, limit, call)`, rows named after the call. */
function server(say: (offset: number, limit: number, call: number) => Pagination) {
  const offsets: number[] = [];
  const fetchPage: PageFetcher<Page> = async (offset, limit) => {
    offsets.push(offset);
    const call = offsets.length;
    return { rows: [{ id: `r${call}` }], pagination: say(offset, limit, call) };
  };
  return { fetchPage, offsets };
}

async function walk(fetchPage: PageFetcher<Page>): Promise<unknown> {
  try {
    for await (const _page of walkPages(fetchPage, source, { pageSize: 1 })) {
      // drain
    }
    return 'ended';
  } catch (error) {
    return error;
  }
}

describe('page walks are bounded', () => {
  it('end when the next offset reaches total, even if the server still says hasMore', async () => {
    const { fetchPage, offsets } = server((offset, limit) => ({
      total: 3,
      limit,
      offset,
      hasMore: true,
    }));
    expect(await walk(fetchPage)).toBe('ended');
    expect(offsets).toEqual([0, 1, 2]);
  });

  it('fail with a ContractError naming the endpoint when the offsets do not advance', async () => {
    const { fetchPage, offsets } = server((_offset, _limit, call) => ({
      total: 10,
      limit: 1,
      offset: call === 1 ? 0 : -1, // the echoed offset goes back
      hasMore: true,
    }));
    const error = await walk(fetchPage);
    expect(isContractError(error)).toBe(true);
    expect(String((error as Error).message)).toContain('api/v1/heroes');
    expect(String((error as Error).message)).toContain('do not advance');
    expect(offsets).toEqual([0, 1]);
  });

  it('fail after the pages the first total allows (plus two for rows created meanwhile)', async () => {
    let total = 2;
    const { fetchPage, offsets } = server((offset, limit) => {
      total += 1; // the server keeps growing: every page says there is one more
      return { total, limit, offset, hasMore: true };
    });
    const error = await walk(fetchPage);
    expect(isContractError(error)).toBe(true);
    expect(String((error as Error).message)).toContain('more than 5 pages');
    expect(offsets).toHaveLength(5);
  });
});
