import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { BASE_URL, useMswServer } from '../../test/support/msw-server.js';
import { createApiClient } from './api-client.js';
import { ServerClock, type ServerClockSnapshot } from './server-clock.js';

const { server } = useMswServer();

const second = (iso: string) => new Date(iso).toUTCString();

describe('ServerClock', () => {
  it('starts unsynchronized with a zero offset', () => {
    const clock = new ServerClock(() => 1_000);
    expect(clock.getSnapshot()).toEqual({
      offsetMs: 0,
      uncertaintyMs: Number.POSITIVE_INFINITY,
      synchronized: false,
    });
    expect(clock.serverNow().getTime()).toBe(1_000);
  });

  it('estimates the offset from one Date header within one second', () => {
    const device = Date.parse('2026-11-26T21:00:00.000Z');
    const clock = new ServerClock(() => device);
    // The server is 5 minutes ahead; its Date header truncates to the second.
    clock.observe('Thu, 26 Nov 2026 21:05:00 GMT', device - 10, device + 10);
    const snapshot = clock.getSnapshot();
    expect(snapshot.synchronized).toBe(true);
    expect(Math.abs(snapshot.offsetMs - 300_000)).toBeLessThanOrEqual(1_010);
    expect(snapshot.uncertaintyMs).toBe(510);
    expect(clock.serverNow().getTime()).toBe(device + snapshot.offsetMs);
  });

  it('narrows the estimate by intersecting samples taken across a second boundary', () => {
    const clock = new ServerClock(() => 0);
    const trueOffset = 300_250; // server = device + 300.25 s
    for (const device of [10_000, 10_500, 10_700, 10_760, 11_200]) {
      const serverMs = device + trueOffset;
      clock.observe(
        new Date(Math.floor(serverMs / 1000) * 1000).toUTCString(),
        device - 2,
        device + 2,
      );
    }
    const { offsetMs, uncertaintyMs } = clock.getSnapshot();
    expect(uncertaintyMs).toBeLessThan(60);
    expect(Math.abs(offsetMs - trueOffset)).toBeLessThanOrEqual(uncertaintyMs);
  });

  it('follows a device clock jump instead of averaging it away', () => {
    const clock = new ServerClock(() => 0);
    clock.observe(
      second('2026-11-26T21:00:00.000Z'),
      Date.parse('2026-11-26T21:00:00.000Z'),
      Date.parse('2026-11-26T21:00:00.010Z'),
    );
    expect(Math.abs(clock.offsetMs())).toBeLessThanOrEqual(1_000);
    // The device clock is set back one hour.
    clock.observe(
      second('2026-11-26T21:01:00.000Z'),
      Date.parse('2026-11-26T20:01:00.000Z'),
      Date.parse('2026-11-26T20:01:00.010Z'),
    );
    expect(Math.abs(clock.offsetMs() - 3_600_000)).toBeLessThanOrEqual(1_000);
  });

  it('ignores missing or unreadable headers and inverted round trips', () => {
    const clock = new ServerClock(() => 0);
    clock.observe(null, 0, 1);
    clock.observe('yesterday-ish', 0, 1);
    clock.observe(second('2026-11-26T21:00:00.000Z'), 10, 5);
    expect(clock.getSnapshot().synchronized).toBe(false);
  });

  it('notifies subscribers only when the estimate changes, and survives a throwing one', () => {
    const clock = new ServerClock(() => 0);
    const seen: ServerClockSnapshot[] = [];
    clock.subscribe(() => {
      throw new Error('listener bug');
    });
    const unsubscribe = clock.subscribe((s) => seen.push(s));
    const header = second('2026-11-26T21:00:00.000Z');
    const at = Date.parse('2026-11-26T21:00:00.000Z');
    clock.observe(header, at, at + 100);
    clock.observe(header, at, at + 100);
    expect(seen).toHaveLength(1);
    unsubscribe();
    clock.observe(header, at + 50, at + 60);
    expect(seen).toHaveLength(1);
    expect(clock.getSnapshot().uncertaintyMs).toBeLessThan(seen[0]?.uncertaintyMs ?? 0);
  });
});

describe('client.clock', () => {
  it('learns the server offset from the Date header of every answer, errors included', async () => {
    let device = Date.parse('2026-11-26T21:00:00.000Z');
    const date = 'Thu, 26 Nov 2026 21:10:00 GMT';
    server.use(
      http.get(`${BASE_URL}/api/v1/ping`, () =>
        HttpResponse.json({ status: 'ok', timestamp: 1 }, { headers: { date } }),
      ),
      http.get(
        `${BASE_URL}/api/v1/heroes/:id`,
        () => new HttpResponse('<html/>', { status: 404, headers: { date } }),
      ),
    );
    const client = createApiClient({ baseUrl: BASE_URL, now: () => (device += 5) });
    const updates: ServerClockSnapshot[] = [];
    client.clock.subscribe((s) => updates.push(s));
    expect(client.clock.offsetMs()).toBe(0);
    await expect(client.heroes.get('c1')).rejects.toMatchObject({ status: 404 });
    expect(Math.abs(client.clock.offsetMs() - 600_000)).toBeLessThanOrEqual(1_000);
    expect(updates).toHaveLength(1);
    await client.ping();
    expect(updates.length).toBeGreaterThanOrEqual(1);
    expect(Math.abs(client.clock.serverNow().getTime() - (device + 600_000))).toBeLessThanOrEqual(
      1_010,
    );
  });

  it('two clients keep separate estimates', async () => {
    server.use(
      http.get(`${BASE_URL}/api/v1/ping`, () =>
        HttpResponse.json(
          { status: 'ok', timestamp: 1 },
          { headers: { date: 'Thu, 26 Nov 2026 21:10:00 GMT' } },
        ),
      ),
    );
    const a = createApiClient({
      baseUrl: BASE_URL,
      now: () => Date.parse('2026-11-26T21:10:00.000Z'),
    });
    const b = createApiClient({ baseUrl: BASE_URL });
    await a.ping();
    expect(a.clock.getSnapshot().synchronized).toBe(true);
    expect(b.clock.getSnapshot().synchronized).toBe(false);
  });
});
