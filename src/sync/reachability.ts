/**
 * Whether the server can be reached: the connectivity monitor's reading combined with what the
 * engine learns from failures. A network error flips the engine offline even when the monitor
 * says online (a captive portal, a dead Wi-Fi); a probe of `/api/v1/ping` with backoff then
 * flips it back. When the monitor reports a transition, its reading wins and the probe stops.
 *
 * ```
 *            network error               probe ok / monitor → online
 *  reachable ─────────────► unreachable ───────────────────────────► reachable
 *                            │   ▲
 *                            └───┘ probe failed: wait (backoff with jitter), probe again
 * ```
 */
import { computeBackoffDelay, type RetryPolicy } from '../api/backoff.js';
import type { Timers as SyncTimers } from '../platform/clock.js';
import type { ConnectivityMonitor } from '../platform/connectivity.js';
import { TimerSlot } from '../platform/timer-slot.js';

/** What {@link Reachability} needs. */
export interface ReachabilityOptions {
  readonly monitor: ConnectivityMonitor;
  /** One probe; resolves when the server answered. */
  readonly probe: (signal: AbortSignal) => Promise<unknown>;
  readonly timers: SyncTimers;
  readonly now: () => number;
  readonly random: () => number;
  readonly policy: RetryPolicy;
  /** Called after every change of {@link Reachability.isOnline}. */
  readonly onChange: (online: boolean) => void;
}

/** The engine's online/offline reading. */
export class Reachability {
  readonly #options: ReachabilityOptions;
  readonly #slot: TimerSlot;
  #reachable = true;
  #attempt = 0;
  #probing: AbortController | null = null;
  #unsubscribe: (() => void) | null = null;
  #last: boolean;

  constructor(options: ReachabilityOptions) {
    this.#options = options;
    this.#slot = new TimerSlot(options.timers, options.now);
    this.#last = this.isOnline();
  }

  /** Online by the monitor, and not known unreachable. */
  isOnline(): boolean {
    return this.#options.monitor.isOnline() && this.#reachable;
  }

  /** Follows the monitor (until {@link close}). */
  start(): void {
    if (this.#unsubscribe) return;
    this.#unsubscribe = this.#options.monitor.subscribe(() => {
      // A fresh reading from the platform: trust it, and stop guessing.
      this.#reachable = true;
      this.#stopProbe();
      this.#changed();
    });
  }

  /** A request could not reach the server: go offline and start probing. */
  markUnreachable(): void {
    if (!this.#reachable) return;
    this.#reachable = false;
    this.#attempt = 0;
    this.#changed();
    this.#scheduleProbe();
  }

  /** A request reached the server. */
  markReachable(): void {
    if (this.#reachable) return;
    this.#reachable = true;
    this.#stopProbe();
    this.#changed();
  }

  close(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = null;
    this.#stopProbe();
  }

  #scheduleProbe(): void {
    const wait = computeBackoffDelay(this.#attempt, this.#options.policy, this.#options.random);
    this.#attempt++;
    this.#slot.arm(wait, () => {
      void this.#runProbe();
    });
  }

  async #runProbe(): Promise<void> {
    if (this.#reachable) return;
    if (!this.#options.monitor.isOnline()) return; // the monitor's `online` event restarts us
    const controller = new AbortController();
    this.#probing = controller;
    try {
      await this.#options.probe(controller.signal);
      if (this.#probing === controller) this.markReachable();
    } catch {
      if (this.#probing === controller && !this.#reachable) this.#scheduleProbe();
    } finally {
      if (this.#probing === controller) this.#probing = null;
    }
  }

  #stopProbe(): void {
    this.#slot.clear();
    this.#probing?.abort();
    this.#probing = null;
  }

  #changed(): void {
    const online = this.isOnline();
    if (online === this.#last) return;
    this.#last = online;
    this.#options.onChange(online);
  }
}
