/**
 * Every client method against msw: the exact request it sends (method, path, query, JSON body,
 * headers) and the typed value it returns from a contract-shaped answer.
 */
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { accountCases } from '../../test/support/endpoint-cases-account.js';
import { contentCases } from '../../test/support/endpoint-cases-content.js';
import { BASE_URL, useMswServer } from '../../test/support/msw-server.js';
import { createApiClient } from './api-client.js';

const { server, requests } = useMswServer();
const cases = [...contentCases, ...accountCases];

describe('every endpoint', () => {
  it.each(cases.map((c) => [c.name, c] as const))(
    '%s sends the contract request and returns its data',
    async (_name, c) => {
      server.use(
        http.all(`${BASE_URL}/*`, () =>
          HttpResponse.json(c.answer as never, { status: c.status ?? 200 }),
        ),
      );
      const api = createApiClient({
        baseUrl: BASE_URL,
        auth: { getAuthorization: () => 'Bearer t', onUnauthorized: async () => 'fail' },
      });
      await expect(c.call(api)).resolves.toEqual(c.expected);
      expect(requests).toHaveLength(1);
      const [request] = requests;
      expect(request?.method).toBe(c.method);
      expect(request?.url.pathname).toBe(c.path);
      expect(Object.fromEntries(request?.url.searchParams ?? [])).toEqual(c.query ?? {});
      expect(request?.headers.get('accept')).toBe('application/json');
      const text = await request?.body;
      if (c.body === undefined) {
        expect(text).toBe('');
      } else {
        expect(request?.headers.get('content-type')).toBe('application/json');
        expect(JSON.parse(text ?? '')).toEqual(c.body);
      }
    },
  );

  it('covers every method of the client', () => {
    const api = createApiClient({ baseUrl: BASE_URL });
    const names: string[] = [];
    const walk = (prefix: string, value: object) => {
      for (const [key, member] of Object.entries(value)) {
        if (typeof member === 'function') names.push(`${prefix}${key}`);
        else if (member && typeof member === 'object' && key !== 'clock')
          walk(`${prefix}${key}.`, member);
      }
    };
    walk('', api);
    const walkers = names.filter((n) => /\.list(All|Pages)$/.test(n));
    const covered = new Set(cases.map((c) => c.name));
    expect(names.filter((n) => !covered.has(n) && !walkers.includes(n))).toEqual([]);
  });
});
