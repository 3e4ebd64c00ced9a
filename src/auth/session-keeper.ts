/**
 * Keeping a session alive. The backend has no refresh endpoint: a session slides (expiresAt =
 * now + 30 d) when it is read more than 24 h after its last update.
 * The keeper decides when to read it (`get-session`) and runs a timer for that moment:
 * - when the session is older than the slide age (counted from the later of its `updatedAt`
 *   and our last successful check, so a skewed device clock cannot cause a check loop);
 * - when it is within the safety window of `expiresAt` (the PRD's "5 minutes before expiry");
 * - never more often than `minIntervalMs`, which also paces retries while offline.
 */
import type { Clock, TimerHandle, Timers } from '../platform/clock.js';

/** When to read the session. */
export interface KeepAlivePolicy {
  /** Read the session once it is this old (the server's `updateAge`). @default 24 h */
  readonly slideAgeMs: number;
  /** Read the session this long before it expires. @default 5 min */
  readonly safetyWindowMs: number;
  /** Never check more often than this (also the retry pace while offline). @default 60 s */
  readonly minIntervalMs: number;
}

/** The defaults of {@link KeepAlivePolicy}. */
export const DEFAULT_KEEP_ALIVE_POLICY: KeepAlivePolicy = Object.freeze({
  slideAgeMs: 24 * 60 * 60 * 1000,
  safetyWindowMs: 5 * 60 * 1000,
  minIntervalMs: 60 * 1000,
});

/** The longest single timer (browsers and Node overflow past 2^31-1 ms ≈ 24.8 days). */
export const MAX_TIMER_MS = 6 * 60 * 60 * 1000;

/** What the keeper needs to know about the session, in epoch ms. */
export interface KeepAliveInput {
  /** The session's `updatedAt`. */
  readonly updatedAt: number;
  /** The session's `expiresAt`. */
  readonly expiresAt: number;
  /** When a check last confirmed the session (our clock), or `null`. */
  readonly lastSuccessAt: number | null;
  /** When a check was last attempted (our clock), or `null`. */
  readonly lastAttemptAt: number | null;
  /** True when the session metadata is an estimate that a check should confirm soon. */
  readonly unverified?: boolean;
}

/** The moment (epoch ms) the next keep-alive check is due. May be in the past. */
export function nextKeepAliveAt(input: KeepAliveInput, policy: KeepAlivePolicy): number {
  const floor =
    input.lastAttemptAt === null
      ? Number.NEGATIVE_INFINITY
      : input.lastAttemptAt + policy.minIntervalMs;
  if (input.unverified) return floor;
  const sinceRefresh = Math.max(input.updatedAt, input.lastSuccessAt ?? Number.NEGATIVE_INFINITY);
  const slideDue = sinceRefresh + policy.slideAgeMs;
  const expiryDue = input.expiresAt - policy.safetyWindowMs;
  return Math.max(Math.min(slideDue, expiryDue), floor);
}

/** True when a keep-alive check is due at `now`. */
export function isKeepAliveDue(
  now: number,
  input: KeepAliveInput,
  policy: KeepAlivePolicy,
): boolean {
  return nextKeepAliveAt(input, policy) <= now;
}

/** Options of {@link SessionKeeper}. */
export interface SessionKeeperOptions {
  readonly clock: Clock;
  readonly timers: Timers;
  readonly policy: KeepAlivePolicy;
  /** Called when a check is due. The keeper does not reschedule by itself after it. */
  readonly onDue: () => void;
}

/**
 * One timer for the next due check. `schedule(input)` replaces any pending timer; `stop()`
 * cancels it. Long waits are split into {@link MAX_TIMER_MS} hops that re-evaluate the clock.
 */
export class SessionKeeper {
  readonly #options: SessionKeeperOptions;
  #handle: TimerHandle | undefined;
  #dueAt: number | null = null;

  constructor(options: SessionKeeperOptions) {
    this.#options = options;
  }

  /** When the pending timer will report the check due, or `null` when stopped. */
  get dueAt(): number | null {
    return this.#dueAt;
  }

  /** (Re)arms the timer for the session described by `input`. */
  schedule(input: KeepAliveInput): void {
    this.#arm(nextKeepAliveAt(input, this.#options.policy));
  }

  /** Cancels the pending timer. */
  stop(): void {
    if (this.#handle !== undefined) this.#options.timers.clearTimeout(this.#handle);
    this.#handle = undefined;
    this.#dueAt = null;
  }

  #arm(dueAt: number): void {
    this.stop();
    this.#dueAt = dueAt;
    const delay = Math.min(Math.max(0, dueAt - this.#options.clock.now()), MAX_TIMER_MS);
    this.#handle = this.#options.timers.setTimeout(() => {
      this.#handle = undefined;
      if (this.#options.clock.now() >= dueAt) {
        this.#dueAt = null;
        this.#options.onDue();
      } else {
        this.#arm(dueAt);
      }
    }, delay);
  }
}

/** What {@link restoreCheckDue} needs to know about the saved session. */
export interface RestoredSessionInput {
  /** True when the saved session is an estimate the server never confirmed. */
  readonly unverified: boolean;
  /** When the server last confirmed it (our clock), if known. */
  readonly checkedAt?: number | undefined;
}

/**
 * Whether a session restored at start is checked with the server at once: always (`true`),
 * never (`false`), or when its last confirmation is older than `olderThanMs` (also when it was
 * never confirmed, or the clock went back since).
 */
export function restoreCheckDue(
  verify: boolean | { readonly olderThanMs: number },
  stored: RestoredSessionInput,
  now: number,
): boolean {
  if (typeof verify === 'boolean') return verify;
  const { checkedAt } = stored;
  if (stored.unverified || checkedAt === undefined || now < checkedAt) return true;
  return now - checkedAt >= verify.olderThanMs;
}
