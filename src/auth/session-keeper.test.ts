import { describe, expect, it } from 'vitest';
import type { Clock, Timers } from '../platform/clock.js';
import type { KeepAliveInput } from './session-keeper.js';
import {
  DEFAULT_KEEP_ALIVE_POLICY,
  isKeepAliveDue,
  MAX_TIMER_MS,
  nextKeepAliveAt,
  SessionKeeper,
} from './session-keeper.js';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const MIN = 60 * 1000;
const policy = DEFAULT_KEEP_ALIVE_POLICY;
const T0 = Date.parse('2026-11-26T21:00:00.000Z');

function fresh(overrides: Partial<KeepAliveInput> = {}): KeepAliveInput {
  return {
    updatedAt: T0,
    expiresAt: T0 + 30 * DAY,
    lastSuccessAt: T0,
    lastAttemptAt: T0,
    ...overrides,
  };
}

describe('nextKeepAliveAt', () => {
  it('is 24 h after the last update for a fresh 30-day session', () => {
    expect(nextKeepAliveAt(fresh(), policy)).toBe(T0 + DAY);
    expect(isKeepAliveDue(T0 + DAY - 1, fresh(), policy)).toBe(false);
    expect(isKeepAliveDue(T0 + DAY, fresh(), policy)).toBe(true);
  });

  it('is the safety window before expiry for a short session', () => {
    const input = fresh({ expiresAt: T0 + HOUR });
    expect(nextKeepAliveAt(input, policy)).toBe(T0 + HOUR - 5 * MIN);
  });

  it('counts the slide age from our last successful check when the server clock lags', () => {
    // Server says updatedAt is 3 days ago (skew), but we checked just now: no loop.
    const input = fresh({ updatedAt: T0 - 3 * DAY, lastSuccessAt: T0, lastAttemptAt: T0 });
    expect(nextKeepAliveAt(input, policy)).toBe(T0 + DAY);
  });

  it('never schedules sooner than the minimum interval after the last attempt', () => {
    const input = fresh({ expiresAt: T0 + MIN, lastAttemptAt: T0 });
    expect(nextKeepAliveAt(input, policy)).toBe(T0 + MIN);
  });

  it('is due at once for a session restored without any check yet', () => {
    const input = fresh({ updatedAt: T0 - 2 * DAY, lastSuccessAt: null, lastAttemptAt: null });
    expect(isKeepAliveDue(T0, input, policy)).toBe(true);
  });

  it('asks for a quick check (after the minimum interval) when the metadata is an estimate', () => {
    expect(nextKeepAliveAt(fresh({ unverified: true }), policy)).toBe(T0 + MIN);
    expect(nextKeepAliveAt(fresh({ unverified: true, lastAttemptAt: null }), policy)).toBe(
      Number.NEGATIVE_INFINITY,
    );
  });

  it('honours a custom policy', () => {
    const custom = { slideAgeMs: HOUR, safetyWindowMs: 10 * MIN, minIntervalMs: 1000 };
    expect(nextKeepAliveAt(fresh(), custom)).toBe(T0 + HOUR);
  });
});

function manualTime(
  start: number,
): Clock & Timers & { advance(ms: number): void; pending(): number } {
  let now = start;
  let nextId = 1;
  const timers = new Map<number, { at: number; callback: () => void }>();
  return {
    now: () => now,
    setTimeout(callback, ms) {
      const id = nextId++;
      timers.set(id, { at: now + ms, callback });
      return id;
    },
    clearTimeout(handle) {
      timers.delete(handle as number);
    },
    advance(ms) {
      const target = now + ms;
      for (;;) {
        const due = [...timers.entries()]
          .filter(([, t]) => t.at <= target)
          .sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        timers.delete(due[0]);
        now = Math.max(now, due[1].at);
        due[1].callback();
      }
      now = target;
    },
    pending: () => timers.size,
  };
}

describe('SessionKeeper', () => {
  it('fires once when the check falls due, not before', () => {
    const time = manualTime(T0);
    let fired = 0;
    const keeper = new SessionKeeper({ clock: time, timers: time, policy, onDue: () => fired++ });
    keeper.schedule(fresh());
    expect(keeper.dueAt).toBe(T0 + DAY);
    time.advance(DAY - 1);
    expect(fired).toBe(0);
    time.advance(1);
    expect(fired).toBe(1);
    expect(keeper.dueAt).toBeNull();
    time.advance(10 * DAY);
    expect(fired).toBe(1);
  });

  it('hops long waits in bounded timers', () => {
    const time = manualTime(T0);
    const delays: number[] = [];
    const timers: Timers = {
      setTimeout: (cb, ms) => {
        delays.push(ms);
        return time.setTimeout(cb, ms);
      },
      clearTimeout: (h) => time.clearTimeout(h),
    };
    let fired = 0;
    const keeper = new SessionKeeper({ clock: time, timers, policy, onDue: () => fired++ });
    keeper.schedule(fresh());
    time.advance(DAY);
    expect(fired).toBe(1);
    expect(Math.max(...delays)).toBeLessThanOrEqual(MAX_TIMER_MS);
    expect(delays.length).toBe(Math.ceil(DAY / MAX_TIMER_MS));
  });

  it('replaces the pending timer on reschedule and cancels it on stop', () => {
    const time = manualTime(T0);
    let fired = 0;
    const keeper = new SessionKeeper({ clock: time, timers: time, policy, onDue: () => fired++ });
    keeper.schedule(fresh());
    keeper.schedule(fresh({ updatedAt: T0 + HOUR, lastSuccessAt: T0 + HOUR }));
    expect(time.pending()).toBe(1);
    time.advance(DAY);
    expect(fired).toBe(0);
    time.advance(HOUR);
    expect(fired).toBe(1);
    keeper.schedule(fresh({ updatedAt: T0 + 2 * DAY, lastSuccessAt: T0 + 2 * DAY }));
    keeper.stop();
    expect(time.pending()).toBe(0);
    time.advance(5 * DAY);
    expect(fired).toBe(1);
  });

  it('fires immediately (next tick) when already due', () => {
    const time = manualTime(T0);
    let fired = 0;
    const keeper = new SessionKeeper({ clock: time, timers: time, policy, onDue: () => fired++ });
    keeper.schedule(fresh({ lastSuccessAt: null, lastAttemptAt: null, updatedAt: T0 - 2 * DAY }));
    time.advance(0);
    expect(fired).toBe(1);
  });
});
