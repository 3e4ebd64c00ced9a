import { describe, expect, it } from 'vitest';
import {
  AbortError,
  AuthError,
  ContractError,
  HttpError,
  OfflineError,
  RateLimitError,
  TimeoutError,
} from '../errors/index.js';
import { requestAccountDeletion } from './delete-account.js';

const TOKEN = 'L6ou7Lfp6wb5D0LucJnD7GM4CFZgUF0W.TpN79WC4IY7lzYnCWaEj%2FCGAuoowGFCksyiAGGZmIFQ%3D';

function answering(status: number, body: string, seen: Request[] = []) {
  return async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    seen.push(new Request(input, init));
    return new Response(body, { status, headers: { 'content-type': 'application/json' } });
  };
}

function request(fetch: (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>) {
  return { baseUrl: 'http://api.test', fetch, token: TOKEN, timeoutMs: 1000, now: 0 };
}

describe('requestAccountDeletion', () => {
  it('sends DELETE /api/v1/user/account with the bearer token exactly as stored', async () => {
    const seen: Request[] = [];
    await requestAccountDeletion(
      request(answering(200, '{"data":{"deleted":true},"message":"Account deleted"}', seen)),
    );
    expect(seen).toHaveLength(1);
    expect(seen[0]?.method).toBe('DELETE');
    expect(seen[0]?.url).toBe('http://api.test/api/v1/user/account');
    expect(seen[0]?.headers.get('authorization')).toBe(`Bearer ${TOKEN}`);
  });

  it('keeps a base path prefix', async () => {
    const seen: Request[] = [];
    await requestAccountDeletion({
      ...request(answering(200, '{"data":{"deleted":true}}', seen)),
      baseUrl: 'http://api.test/prefix',
    });
    expect(seen[0]?.url).toBe('http://api.test/prefix/api/v1/user/account');
  });

  it.each([
    [401, '{"error":"Unauthorized","message":"Authentication required"}', AuthError],
    [429, '{"error":"RateLimitExceeded","message":"x"}', RateLimitError],
    [500, '{"error":"InternalServerError","message":"boom"}', HttpError],
    [404, '<html>not found</html>', HttpError],
    [200, '{"data":{"deleted":false}}', ContractError],
    [200, '', ContractError],
    [200, '<html>', ContractError],
  ])('maps %i %s to %o', async (status, body, type) => {
    const error = await requestAccountDeletion(request(answering(status, body))).catch((e) => e);
    expect(error).toBeInstanceOf(type);
    expect(String(error.message)).not.toContain(TOKEN);
  });

  it('carries the server code and message on HttpError', async () => {
    const error = await requestAccountDeletion(
      request(answering(500, '{"error":"InternalServerError","message":"boom","details":{"a":1}}')),
    ).catch((e) => e);
    expect(error).toMatchObject({
      status: 500,
      code: 'InternalServerError',
      serverMessage: 'boom',
      details: { a: 1 },
    });
  });

  it('maps a network failure to OfflineError, an abort to AbortError, a hang to TimeoutError', async () => {
    const offline = await requestAccountDeletion(
      request(async () => {
        throw new TypeError('fetch failed');
      }),
    ).catch((e) => e);
    expect(offline).toBeInstanceOf(OfflineError);

    const controller = new AbortController();
    controller.abort();
    const hanging = (_: RequestInfo | URL, init?: RequestInit) =>
      new Promise<Response>((_resolve, reject) => {
        const signal = init?.signal;
        if (signal?.aborted) reject(signal.reason);
        signal?.addEventListener('abort', () => reject(signal.reason));
      });
    const aborted = await requestAccountDeletion({
      ...request(hanging),
      signal: controller.signal,
    }).catch((e) => e);
    expect(aborted).toBeInstanceOf(AbortError);

    const timedOut = await requestAccountDeletion({ ...request(hanging), timeoutMs: 20 }).catch(
      (e) => e,
    );
    expect(timedOut).toBeInstanceOf(TimeoutError);
    expect(timedOut.timeoutMs).toBe(20);
  });
});
