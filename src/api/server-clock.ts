/**
 * Estimates the server's clock from `Date` response headers, for the sync engine (conflict
 * resolution compares device edit times with server `updatedAt`).
 *
 * `Date` has one-second resolution, so one response only says the offset
 * `serverNow − deviceNow` lies in `(D − receivedAt, D + 1000 − sentAt)`, where `D` is the header
 * value and `sentAt`/`receivedAt` bound the round trip on the device clock. Intersecting the
 * intervals of recent responses narrows it down (fast round trips count most, as with NTP's
 * minimum-RTT filter). When a new interval does not overlap the older ones (the device clock
 * jumped), the older ones are dropped. The estimate is the midpoint.
 */
import { ListenerSet } from '../platform/listener-set.js';

/** An immutable view of the estimate. */
export interface ServerClockSnapshot {
  /** Estimated `serverNow − deviceNow` in ms; `0` until a `Date` header was seen. */
  readonly offsetMs: number;
  /** Half-width of the interval known to hold the true offset; `Infinity` before any sample. */
  readonly uncertaintyMs: number;
  /** True once at least one `Date` header was seen. */
  readonly synchronized: boolean;
}

/** The server clock as the API client exposes it. */
export interface ServerClockView {
  /** Estimated `serverNow − deviceNow` in ms (0 until the first response). */
  offsetMs(): number;
  /** The device clock corrected by the offset. */
  serverNow(): Date;
  /** The current estimate, as an immutable value. */
  getSnapshot(): ServerClockSnapshot;
  /** Calls `listener` whenever the estimate changes; returns the unsubscribe function. */
  subscribe(listener: (snapshot: ServerClockSnapshot) => void): () => void;
  /**
   * An offset for recording when things happened on the server clock and comparing those times
   * with each other (when a record last heard from the server, when a listing started): it
   * follows the estimate only when the estimate moved by more than 2 s (the device clock was
   * changed), not when later samples merely refine it, so two times recorded moments apart
   * compare as their device-clock readings do. `undefined` until a `Date` header was seen.
   */
  steadyOffsetMs(): number | undefined;
}

/** How far the estimate may move before {@link ServerClockView.steadyOffsetMs} follows it. */
const STEADY_SLACK_MS = 2000;

interface Interval {
  readonly lo: number;
  readonly hi: number;
}

const UNSYNCHRONIZED: ServerClockSnapshot = Object.freeze({
  offsetMs: 0,
  uncertaintyMs: Number.POSITIVE_INFINITY,
  synchronized: false,
});

/** Maintains the offset estimate; one instance per API client. */
export class ServerClock implements ServerClockView {
  readonly #now: () => number;
  readonly #window: number;
  #samples: Interval[] = [];
  #snapshot: ServerClockSnapshot = UNSYNCHRONIZED;
  #steady: number | undefined;
  readonly #listeners = new ListenerSet<[ServerClockSnapshot]>({
    onError: () => {
      // A listener's failure must never break the request that produced the sample.
    },
  });

  /**
   * @param now - the device clock in epoch ms.
   * @param window - how many recent samples are intersected.
   */
  constructor(now: () => number, window = 16) {
    this.#now = now;
    this.#window = Math.max(1, window);
  }

  /**
   * Records one response. Ignores a missing or unparseable header.
   * @param dateHeader - the response's `Date` header.
   * @param sentAt - device time just before the request was sent.
   * @param receivedAt - device time when the response headers arrived.
   */
  observe(dateHeader: string | null, sentAt: number, receivedAt: number): void {
    if (!dateHeader) return;
    const serverSecond = Date.parse(dateHeader);
    if (Number.isNaN(serverSecond) || receivedAt < sentAt) return;
    this.#samples.push({ lo: serverSecond - receivedAt, hi: serverSecond + 1000 - sentAt });
    if (this.#samples.length > this.#window) this.#samples.shift();
    this.#recompute();
  }

  offsetMs(): number {
    return this.#snapshot.offsetMs;
  }

  serverNow(): Date {
    return new Date(this.#now() + this.#snapshot.offsetMs);
  }

  getSnapshot(): ServerClockSnapshot {
    return this.#snapshot;
  }

  subscribe(listener: (snapshot: ServerClockSnapshot) => void): () => void {
    return this.#listeners.add(listener);
  }

  steadyOffsetMs(): number | undefined {
    return this.#steady;
  }

  #recompute(): void {
    let lo = Number.NEGATIVE_INFINITY;
    let hi = Number.POSITIVE_INFINITY;
    let kept = 0;
    for (let i = this.#samples.length - 1; i >= 0; i--) {
      const sample = this.#samples[i] as Interval;
      const nextLo = Math.max(lo, sample.lo);
      const nextHi = Math.min(hi, sample.hi);
      if (nextLo > nextHi) break;
      lo = nextLo;
      hi = nextHi;
      kept++;
    }
    // Samples older than the newest consistent run describe a clock that has since moved.
    this.#samples = this.#samples.slice(this.#samples.length - kept);
    const next: ServerClockSnapshot = Object.freeze({
      offsetMs: Math.round((lo + hi) / 2),
      uncertaintyMs: Math.round((hi - lo) / 2),
      synchronized: true,
    });
    if (this.#steady === undefined || Math.abs(next.offsetMs - this.#steady) > STEADY_SLACK_MS) {
      this.#steady = next.offsetMs;
    }
    const previous = this.#snapshot;
    if (
      previous.synchronized &&
      previous.offsetMs === next.offsetMs &&
      previous.uncertaintyMs === next.uncertaintyMs
    ) {
      return;
    }
    this.#snapshot = next;
    this.#listeners.emit(next);
  }
}
