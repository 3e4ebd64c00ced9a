/**
 * Announcing written keys on a change channel costs a message per write (in a browser, a
 * structured clone and a trip through the browser process). The announcer sends at most one
 * per window: the first write after a quiet window is announced at once, so a lone write is
 * seen elsewhere as soon as before; the keys of the writes that follow within the window are
 * gathered and announced together when it ends, at most `windowMs` later.
 */
import type { TimerHandle, Timers } from '../platform/clock.js';

/** Gathers written keys and posts them, at most once per window (see the module comment). */
export class Announcer {
  readonly #post: (keys: readonly string[]) => void;
  readonly #timers: Timers;
  readonly #windowMs: number;
  readonly #pending = new Set<string>();
  /** Whether a window is open (the handle alone cannot tell: a host's timers may use any value). */
  #inWindow = false;
  #timer: TimerHandle;

  constructor(post: (keys: readonly string[]) => void, timers: Timers, windowMs: number) {
    this.#post = post;
    this.#timers = timers;
    this.#windowMs = windowMs;
  }

  /** Announces `keys` now if the last window has ended, else when the current one ends. */
  add(keys: readonly string[]): void {
    if (keys.length === 0) return;
    if (this.#inWindow) {
      for (const key of keys) this.#pending.add(key);
      return;
    }
    this.#post(keys);
    this.#open();
  }

  /** Announces what is gathered now and ends the window. */
  flush(): void {
    if (this.#inWindow) this.#timers.clearTimeout(this.#timer);
    this.#inWindow = false;
    this.#send();
  }

  #open(): void {
    this.#inWindow = true;
    this.#timer = this.#timers.setTimeout(() => {
      this.#inWindow = false;
      // Writes kept coming: announce them and keep the pace of one message per window.
      if (this.#send()) this.#open();
    }, this.#windowMs);
  }

  #send(): boolean {
    if (this.#pending.size === 0) return false;
    const keys = [...this.#pending];
    this.#pending.clear();
    this.#post(keys);
    return true;
  }
}
