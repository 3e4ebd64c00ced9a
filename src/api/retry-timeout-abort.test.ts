import { delay, HttpResponse, http } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import {
  envelope,
  HERO_ID,
  hero,
  heroListItem,
  pagination,
  storyRow,
  userProfile,
} from '../../test/support/client-samples.js';
import { fireNext, heldTimers } from '../../test/support/held-timers.js';
import { BASE_URL, useMswServer } from '../../test/support/msw-server.js';
import {
  AbortError,
  HttpError,
  NetworkError,
  RateLimitError,
  TimeoutError,
} from '../errors/index.js';
import type { LogFields, Logger } from '../platform/logging/logger.js';
import { createApiClient } from './api-client.js';
import type { ApiClientOptions } from './options.js';

const { server, requests } = useMswServer();

const heroList = () =>
  HttpResponse.json(envelope({ heroes: [heroListItem()], pagination: pagination(1) }));

function api(options: Partial<ApiClientOptions> = {}) {
  return createApiClient({
    baseUrl: BASE_URL,
    retry: { limit: 3, baseDelayMs: 1, jitter: false },
    ...options,
  });
}

/** Answers with `statuses` in turn, then with `last`. */
function sequence(statuses: number[], last: () => Response) {
  return () => {
    const status = statuses.shift();
    if (status === undefined) return last();
    if (status === 0) return HttpResponse.error();
    return HttpResponse.json({ error: 'ServiceUnavailable', message: 'down' }, { status });
  };
}

function captureLogger(): {
  logger: Logger;
  records: Array<{ level: string; message: string; fields?: LogFields }>;
} {
  const records: Array<{ level: string; message: string; fields?: LogFields }> = [];
  const sink =
    (level: string) =>
    (message: string, fields?: LogFields): void => {
      records.push(fields === undefined ? { level, message } : { level, message, fields });
    };
  return {
    records,
    logger: { debug: sink('debug'), info: sink('info'), warn: sink('warn'), error: sink('error') },
  };
}

describe('retries', () => {
  it('retries a GET on 503 and returns the later success', async () => {
    server.use(http.get(`${BASE_URL}/api/v1/heroes`, sequence([503], heroList)));
    const page = await api().heroes.list();
    expect(page.heroes).toHaveLength(1);
    expect(requests).toHaveLength(2);
  });

  it.each([408, 500, 502, 504])('retries a GET on %i', async (status) => {
    server.use(http.get(`${BASE_URL}/api/v1/heroes`, sequence([status], heroList)));
    await expect(api().heroes.list()).resolves.toMatchObject({ pagination: { total: 1 } });
    expect(requests).toHaveLength(2);
  });

  it('retries a GET after a network error', async () => {
    server.use(http.get(`${BASE_URL}/api/v1/heroes`, sequence([0, 0], heroList)));
    await expect(api().heroes.list()).resolves.toMatchObject({ pagination: { total: 1 } });
    expect(requests).toHaveLength(3);
  });

  it('gives up after `limit` retries with the last error', async () => {
    server.use(
      http.get(`${BASE_URL}/api/v1/heroes`, sequence([503, 503, 503, 503, 503], heroList)),
    );
    const error = await api()
      .heroes.list()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({ status: 503, code: 'ServiceUnavailable' });
    expect(requests).toHaveLength(4);
  });

  it('gives up on repeated network errors with NetworkError', async () => {
    server.use(http.get(`${BASE_URL}/api/v1/heroes`, () => HttpResponse.error()));
    await expect(api({ retry: { limit: 2, baseDelayMs: 1 } }).heroes.list()).rejects.toBeInstanceOf(
      NetworkError,
    );
    expect(requests).toHaveLength(3);
  });

  it('never retries POST, PATCH or DELETE, even on 503 or a network error', async () => {
    server.use(
      http.post(
        `${BASE_URL}/api/v1/heroes`,
        sequence([503], () => HttpResponse.json(envelope(hero()))),
      ),
      http.patch(`${BASE_URL}/api/v1/heroes/:id`, () => HttpResponse.error()),
      http.delete(
        `${BASE_URL}/api/v1/heroes/:id`,
        sequence([500], () => HttpResponse.json({})),
      ),
    );
    const client = api();
    await expect(client.heroes.create({ name: 'L', age: 6, traits: ['x'] })).rejects.toMatchObject({
      name: 'HttpError',
      status: 503,
    });
    await expect(client.heroes.update(HERO_ID, { age: 7 })).rejects.toBeInstanceOf(NetworkError);
    await expect(client.heroes.delete(HERO_ID)).rejects.toMatchObject({ status: 500 });
    expect(requests.map((r) => r.method)).toEqual(['POST', 'PATCH', 'DELETE']);
  });

  it('never retries generation calls', async () => {
    server.use(
      http.post(
        `${BASE_URL}/api/v1/stories`,
        sequence([503], () => HttpResponse.json({})),
      ),
    );
    await expect(
      api().stories.generate({ heroId: HERO_ID, language: 'en' }),
    ).rejects.toBeInstanceOf(HttpError);
    expect(requests).toHaveLength(1);
  });

  it.each([400, 403, 404, 429])('never retries a GET answered %i', async (status) => {
    server.use(
      http.get(`${BASE_URL}/api/v1/heroes`, () =>
        HttpResponse.json({ error: 'X', message: 'no' }, { status }),
      ),
    );
    const error = await api()
      .heroes.list()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(status === 429 ? RateLimitError : HttpError);
    expect(requests).toHaveLength(1);
  });

  it('waits 2^n × base between retries, capped at maxDelayMs, and logs each retry', async () => {
    const { logger, records } = captureLogger();
    server.use(http.get(`${BASE_URL}/api/v1/heroes`, sequence([503, 503, 503], heroList)));
    await api({
      logger,
      retry: { limit: 3, baseDelayMs: 5, maxDelayMs: 12, jitter: false },
    }).heroes.list();
    const retries = records.filter((r) => r.message === 'retrying');
    expect(retries.map((r) => r.fields?.delayMs)).toEqual([5, 10, 12]);
    expect(retries.map((r) => r.fields?.reason)).toEqual([
      'status 503',
      'status 503',
      'status 503',
    ]);
    expect(retries.every((r) => r.level === 'warn')).toBe(true);
  });

  it('never logs the Authorization value', async () => {
    const { logger, records } = captureLogger();
    server.use(
      http.get(
        `${BASE_URL}/api/v1/user/profile`,
        sequence([503], () => HttpResponse.json(envelope(userProfile()))),
      ),
    );
    await api({
      logger,
      auth: {
        getAuthorization: () => 'Bearer very-secret-token-123',
        onUnauthorized: async () => 'fail',
      },
    }).user.profile();
    expect(requests[0]?.headers.get('authorization')).toBe('Bearer very-secret-token-123');
    expect(records.length).toBeGreaterThan(0);
    expect(JSON.stringify(records)).not.toContain('very-secret-token-123');
  });
});

it('writes a debug record per request and per answer to a host logger', async () => {
  const { logger, records } = captureLogger();
  server.use(
    http.get(`${BASE_URL}/api/v1/user/profile`, () => HttpResponse.json(envelope(userProfile()))),
  );
  await api({ logger }).user.profile();
  const debug = records.filter((r) => r.level === 'debug');
  expect(debug.map((r) => r.message)).toEqual(['request', 'response']);
  expect(debug[0]?.fields).toMatchObject({ operation: 'user.profile', method: 'GET' });
  expect(debug[1]?.fields).toMatchObject({ operation: 'user.profile', status: 200 });
  expect(typeof debug[1]?.fields?.durationMs).toBe('number');
});

describe('timeouts', () => {
  // The timeouts and the waits between attempts run on timers the test fires: what is proved
  // is which timer ends the call, never how fast the machine is.

  /** A handler's answer held until the test releases it (never, if it does not). */
  function gate() {
    let open: () => void = () => undefined;
    const opened = new Promise<void>((resolve) => {
      open = resolve;
    });
    return { open, opened };
  }

  it('throws TimeoutError when timeoutMs fires, once a GET has used its retries', async () => {
    const answer = gate();
    let answered = 0;
    server.use(
      http.get(`${BASE_URL}/api/v1/heroes`, async () => {
        await answer.opened;
        answered++;
        return heroList();
      }),
    );
    const timers = heldTimers();
    const call = api({ timeoutMs: 30, timers, retry: { limit: 1, baseDelayMs: 1, jitter: false } })
      .heroes.list()
      .catch((e: unknown) => e);
    await vi.waitFor(() => expect(requests).toHaveLength(1));
    await fireNext(timers, 30); // the first attempt times out…
    await fireNext(timers, 1); // …the wait before the retry ends…
    await vi.waitFor(() => expect(requests).toHaveLength(2));
    await fireNext(timers, 30); // …and the second attempt times out too.
    const error = await call;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ timeoutMs: 30, operation: 'heroes.list', method: 'GET' });
    expect(answered).toBe(0); // the server never answered: the timer ended the call
    expect(timers.pending).toEqual([]);
    answer.open();
  });

  it('retries a GET that timed out and returns the later answer', async () => {
    const first = gate();
    let calls = 0;
    server.use(
      http.get(`${BASE_URL}/api/v1/heroes`, async () => {
        calls++;
        if (calls === 1) await first.opened;
        return heroList();
      }),
    );
    const timers = heldTimers();
    const call = api({ timeoutMs: 30, timers }).heroes.list();
    await vi.waitFor(() => expect(requests).toHaveLength(1));
    await fireNext(timers, 30);
    await fireNext(timers, 1);
    await expect(call).resolves.toMatchObject({ pagination: { total: 1 } });
    expect(requests).toHaveLength(2);
    expect(timers.pending).toEqual([]);
    first.open();
  });

  it('honours a per-call timeoutMs', async () => {
    const answer = gate();
    server.use(
      http.get(`${BASE_URL}/api/v1/user/profile`, async () => {
        await answer.opened;
        return HttpResponse.json(envelope(userProfile()));
      }),
    );
    const timers = heldTimers();
    const call = api({ timeoutMs: 10_000, timers, retry: { limit: 0 } })
      .user.profile({ timeoutMs: 20 })
      .catch((e: unknown) => e);
    await vi.waitFor(() => expect(requests).toHaveLength(1));
    await fireNext(timers, 20);
    expect(await call).toMatchObject({ name: 'TimeoutError', timeoutMs: 20 });
    answer.open();
  });

  it('gives generation calls the generation timeout', async () => {
    const answers = gate();
    server.use(
      http.post(`${BASE_URL}/api/v1/stories`, async () => {
        await answers.opened;
        return HttpResponse.json(envelope(storyRow()), { status: 201 });
      }),
      http.get(`${BASE_URL}/api/v1/heroes`, async () => {
        await answers.opened;
        return heroList();
      }),
    );
    const timers = heldTimers();
    const client = api({ timeoutMs: 20, generationTimeoutMs: 2_000, timers, retry: { limit: 0 } });
    const generated = client.stories.generate({ heroId: HERO_ID, language: 'en' });
    await vi.waitFor(() => expect(requests).toHaveLength(1));
    // The generation call waits on its own timeout, not on the 20 ms one.
    expect(timers.pending.map((timer) => timer.ms)).toEqual([2_000]);
    answers.open();
    await expect(generated).resolves.toMatchObject({ id: storyRow().id });
    expect(timers.pending).toEqual([]);
    const listed = client.heroes.list().catch((e: unknown) => e);
    await fireNext(timers, 20);
    expect(await listed).toBeInstanceOf(TimeoutError);
  });

  it('also times out while the body is still streaming', async () => {
    server.use(
      http.get(`${BASE_URL}/api/v1/heroes`, () => {
        const stream = new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(new TextEncoder().encode('{"data":'));
            // …and never finishes.
          },
        });
        return new HttpResponse(stream, { headers: { 'content-type': 'application/json' } });
      }),
    );
    const timers = heldTimers();
    let headersArrived = false;
    const call = api({
      timeoutMs: 40,
      timers,
      retry: { limit: 0 },
      fetch: async (input, init) => {
        const response = await globalThis.fetch(input, init);
        headersArrived = true;
        return response;
      },
    })
      .heroes.list()
      .catch((e: unknown) => e);
    await vi.waitFor(() => expect(headersArrived).toBe(true));
    await fireNext(timers, 40); // the body is being read when the timeout fires
    expect(await call).toBeInstanceOf(TimeoutError);
  });
});

describe('abort', () => {
  it('rejects with AbortError when the caller aborts mid-request', async () => {
    server.use(
      http.get(`${BASE_URL}/api/v1/heroes`, async () => {
        await delay('infinite');
        return heroList();
      }),
    );
    const controller = new AbortController();
    const pending = api().heroes.list({}, { signal: controller.signal });
    await vi.waitFor(() => expect(requests).toHaveLength(1));
    controller.abort(new Error('user left the screen'));
    const error = await pending.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortError);
    expect(error).toMatchObject({ operation: 'heroes.list' });
    expect((error as AbortError).cause).toEqual(new Error('user left the screen'));
  });

  it('sends nothing when the signal is already aborted', async () => {
    const error = await api()
      .heroes.list({}, { signal: AbortSignal.abort() })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortError);
    expect(requests).toHaveLength(0);
  });

  it('aborts a backoff wait at once', async () => {
    server.use(http.get(`${BASE_URL}/api/v1/heroes`, sequence([503, 503], heroList)));
    const controller = new AbortController();
    const timers = heldTimers();
    const pending = api({
      timers,
      timeoutMs: 1_000,
      retry: { limit: 3, baseDelayMs: 5_000, jitter: false },
    })
      .heroes.list({}, { signal: controller.signal })
      .catch((e: unknown) => e);
    // The 503 was answered; the call now waits 5 s before its retry…
    await vi.waitFor(() => expect(timers.pending.map((timer) => timer.ms)).toEqual([5_000]));
    controller.abort();
    // …and ends without that wait being fired: the abort cut it short.
    expect(await pending).toBeInstanceOf(AbortError);
    expect(timers.pending).toEqual([]);
    expect(requests).toHaveLength(1);
  });

  it('aborts every page of listAll', async () => {
    server.use(
      http.get(`${BASE_URL}/api/v1/heroes`, async () => {
        await delay('infinite');
        return heroList();
      }),
    );
    const controller = new AbortController();
    const collect = async () => {
      for await (const _ of api().heroes.listAll({}, { signal: controller.signal })) {
        // nothing
      }
    };
    const walked = collect();
    await vi.waitFor(() => expect(requests).toHaveLength(1));
    controller.abort();
    await expect(walked).rejects.toBeInstanceOf(AbortError);
  });
});
