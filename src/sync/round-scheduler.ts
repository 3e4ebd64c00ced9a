/**
 * When background rounds run: "at once" (a microtask, so fake timers and event order stay
 * deterministic), debounced after local writes (an earlier request wins), when a waiting change
 * becomes due (backoff, 429 pause), and periodically (interval or foreground poll). The engine
 * decides whether a round may run (`canSchedule`) and what a round is (`fire`).
 */
import type { Timers as SyncTimers } from '../platform/clock.js';
import { TimerSlot } from '../platform/timer-slot.js';

/** What the scheduler needs from the engine. */
export interface RoundSchedulerOptions {
  readonly timers: SyncTimers;
  readonly now: () => number;
  /** Whether background rounds may be scheduled now (started, not paused, online). */
  readonly canSchedule: () => boolean;
  /** Starts (or marks for a follow-up) a background round. */
  readonly fire: () => void;
}

/** The engine's timers. */
export class RoundScheduler {
  readonly #options: RoundSchedulerOptions;
  readonly #debounce: TimerSlot;
  readonly #periodic: TimerSlot;
  readonly #retry: TimerSlot;
  #immediate = false;

  constructor(options: RoundSchedulerOptions) {
    this.#options = options;
    this.#debounce = new TimerSlot(options.timers, options.now);
    this.#periodic = new TimerSlot(options.timers, options.now);
    this.#retry = new TimerSlot(options.timers, options.now);
  }

  /** True while a requested round has not started yet. */
  get requested(): boolean {
    return this.#immediate || this.#debounce.dueAt !== null;
  }

  /** Asks for a round in `delayMs` (0: at once). An earlier request wins. */
  request(delayMs: number): void {
    if (!this.#options.canSchedule()) return;
    if (delayMs > 0) {
      this.#debounce.armEarlier(delayMs, this.#options.fire);
      return;
    }
    this.#debounce.clear();
    if (this.#immediate) return;
    this.#immediate = true;
    queueMicrotask(() => {
      this.#immediate = false;
      if (this.#options.canSchedule()) this.#options.fire();
    });
  }

  /** Asks for a round in `delayMs` to retry what became due (an earlier deadline wins). */
  retryIn(delayMs: number): void {
    this.#retry.armEarlier(delayMs, this.#options.fire);
  }

  /** Runs a round every `periodMs` (re-arming replaces the period). */
  every(periodMs: number): void {
    this.#periodic.arm(periodMs, () => {
      this.#options.fire();
      this.every(periodMs);
    });
  }

  /** A round started: the pending request is served by it. */
  roundStarted(): void {
    this.#debounce.clear();
  }

  /** Cancels requests and retries (the periodic timer keeps running). */
  cancelRequests(): void {
    this.#debounce.clear();
    this.#retry.clear();
  }

  /** Cancels everything. */
  clear(): void {
    this.cancelRequests();
    this.#periodic.clear();
  }
}
