import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import {
  cuidNo,
  customEvent,
  envelope,
  heroListItem,
  storyListItem,
} from '../../test/support/client-samples.js';
import { BASE_URL, useMswServer } from '../../test/support/msw-server.js';
import { createApiClient } from './api-client.js';

const { server, requests } = useMswServer();
const api = () => createApiClient({ baseUrl: BASE_URL });

/** A list route over `total` rows that clamps `limit` to 1–`maxLimit` like the backend. */
function listRoute<T>(key: string, total: number, row: (i: number) => T, maxLimit = 100) {
  return ({ request }: { request: Request }) => {
    const url = new URL(request.url);
    const limit = Math.min(maxLimit, Math.max(1, Number(url.searchParams.get('limit') || 50)));
    const offset = Math.max(0, Number(url.searchParams.get('offset') || 0));
    const rows = Array.from({ length: Math.max(0, Math.min(limit, total - offset)) }, (_, i) =>
      row(offset + i),
    );
    return HttpResponse.json(
      envelope({
        [key]: rows,
        pagination: { total, limit, offset, hasMore: offset + limit < total },
      }),
    );
  };
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

describe('listAll / listPages', () => {
  it('walks every page of 100 until hasMore is false, keeping the filters', async () => {
    server.use(
      http.get(
        `${BASE_URL}/api/v1/heroes`,
        listRoute('heroes', 250, (i) => heroListItem({ id: cuidNo(i) })),
      ),
    );
    const heroes = await collect(
      api().heroes.listAll({ updatedAfter: '2026-11-26T21:10:21.459Z', includeStories: true }),
    );
    expect(heroes.map((h) => h.id)).toEqual(Array.from({ length: 250 }, (_, i) => cuidNo(i)));
    expect(requests.map((r) => r.url.search)).toEqual([
      '?limit=100&offset=0&includeStories=true&updatedAfter=2026-11-26T21%3A10%3A21.459Z',
      '?limit=100&offset=100&includeStories=true&updatedAfter=2026-11-26T21%3A10%3A21.459Z',
      '?limit=100&offset=200&includeStories=true&updatedAfter=2026-11-26T21%3A10%3A21.459Z',
    ]);
  });

  it('uses the limit the server echoed, so clamping cannot loop or skip', async () => {
    server.use(
      http.get(
        `${BASE_URL}/api/v1/custom-events`,
        listRoute('customEvents', 7, (i) => customEvent({ id: cuidNo(i) }), 3),
      ),
    );
    const events = await collect(
      api().customEvents.listAll({ category: 'daily' }, { pageSize: 50 }),
    );
    expect(events).toHaveLength(7);
    expect(requests.map((r) => r.url.searchParams.get('offset'))).toEqual(['0', '3', '6']);
  });

  it('yields whole pages with listPages and honours pageSize', async () => {
    server.use(
      http.get(
        `${BASE_URL}/api/v1/stories`,
        listRoute('stories', 5, (i) => storyListItem({ id: cuidNo(i) })),
      ),
    );
    const pages = await collect(api().stories.listPages({ heroId: cuidNo(9) }, { pageSize: 2 }));
    expect(pages.map((p) => p.stories.length)).toEqual([2, 2, 1]);
    expect(pages.map((p) => p.pagination.offset)).toEqual([0, 2, 4]);
    expect(requests.every((r) => r.url.searchParams.get('heroId') === cuidNo(9))).toBe(true);
  });

  it('makes one request for an empty list', async () => {
    server.use(
      http.get(
        `${BASE_URL}/api/v1/stories`,
        listRoute('stories', 0, () => storyListItem()),
      ),
    );
    expect(await collect(api().stories.listAll())).toEqual([]);
    expect(requests).toHaveLength(1);
  });

  it('walks heroes, stories and custom events page by page', async () => {
    server.use(
      http.get(
        `${BASE_URL}/api/v1/heroes`,
        listRoute('heroes', 3, (i) => heroListItem({ id: cuidNo(i) })),
      ),
      http.get(
        `${BASE_URL}/api/v1/custom-events`,
        listRoute('customEvents', 3, (i) => customEvent({ id: cuidNo(i) })),
      ),
    );
    expect(await collect(api().heroes.listPages({}, { pageSize: 2 }))).toHaveLength(2);
    expect(await collect(api().customEvents.listPages({}, { pageSize: 1 }))).toHaveLength(3);
  });
});
