/**
 * Faults in the fake backend's list answers, injected at the fetch boundary (msw): pages that
 * never end (the same page again, or empty pages that say `hasMore`), and helpers that break or
 * post-date rows in the backend's own tables.
 */
import { HttpResponse, http } from 'msw';
import type { setupServer } from 'msw/node';
import type { FakeBackend } from '../../src/testing/index.js';

/** How a list answers forever. */
export type EndlessKind = 'same-page' | 'empty-pages';

/**
 * Makes `GET <path>` never end: every answer says `hasMore: true` with a growing `total`;
 * `same-page` repeats the first page, `empty-pages` sends no rows past the first page.
 * Returns the function that stops the fault.
 */
export function endlessPages(
  server: ReturnType<typeof setupServer>,
  backend: FakeBackend,
  path: string,
  kind: EndlessKind,
): () => void {
  let stopped = false;
  server.use(
    http.get(`${backend.baseUrl}${path}`, async ({ request }) =>
      stopped ? undefined : endlessAnswer(backend, request, kind),
    ),
  );
  return () => {
    stopped = true;
  };
}

/** The answer of a list that never ends to `request` (a GET of a list path). */
export async function endlessAnswer(
  backend: FakeBackend,
  request: Request,
  kind: EndlessKind,
): Promise<Response> {
  const url = new URL(request.url);
  const offset = Number(url.searchParams.get('offset') ?? 0);
  const first = new URL(url);
  if (kind === 'same-page') first.searchParams.set('offset', '0');
  const response = await backend.fetch(new Request(first, { headers: request.headers }));
  const body = (await response.json()) as {
    data: Record<string, unknown> & { pagination: Record<string, unknown> };
  };
  const key = Object.keys(body.data).find((k) => k !== 'pagination') ?? 'items';
  if (kind === 'empty-pages' && offset > 0) body.data[key] = [];
  body.data.pagination = {
    ...body.data.pagination,
    offset: kind === 'same-page' ? 0 : offset,
    total: offset + 1_000,
    hasMore: true,
  };
  return HttpResponse.json(body, { status: response.status });
}

/** Dates a hero's row in the backend `ms` after the backend's clock. */
export function postDateHero(backend: FakeBackend, heroId: string, ms: number): string {
  const row = backend.db.heroes.get(heroId);
  if (!row) throw new Error(`no hero ${heroId}`);
  row.updatedAt = new Date(backend.clock.now().getTime() + ms);
  return row.updatedAt.toISOString();
}

/** Breaks (or repairs) a hero's `traits` in the backend, touching its `updatedAt`. */
export function setHeroTraits(backend: FakeBackend, heroId: string, traits: unknown): void {
  const row = backend.db.heroes.get(heroId);
  if (!row) throw new Error(`no hero ${heroId}`);
  row.traits = traits;
  row.updatedAt = backend.clock.now();
}
