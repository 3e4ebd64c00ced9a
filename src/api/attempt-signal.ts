/**
 * The abort wiring of one request attempt: one signal, aborted by the attempt's timeout or by the
 * caller's signal, and the promise a body read races with.
 *
 * Costs are per request, so the wiring avoids the platform's event listeners where it can (each
 * `addEventListener`/`removeEventListener` on an `AbortSignal` walks a listener list and
 * allocates): the attempt's own abort settles the race promise directly, and a caller's signal
 * gets one listener however many attempts run under it (a push round passes one signal to every
 * request it sends), which aborts all of them.
 */

/** Attempts running under each caller signal; the signal's one listener aborts them all. */
const followers = new WeakMap<AbortSignal, Set<AttemptSignal>>();

/** The signal of one attempt (see the module comment). */
export class AttemptSignal {
  readonly #controller = new AbortController();
  readonly signal: AbortSignal = this.#controller.signal;
  /** Set by {@link timeOut}: the abort was the attempt's timeout. */
  timedOut = false;
  #reject: ((reason: unknown) => void) | undefined;
  #aborted: Promise<never> | undefined;
  #following: Set<AttemptSignal> | undefined;

  /** Aborts the attempt (once; later calls do nothing). */
  abort(reason?: unknown): void {
    if (this.signal.aborted) return;
    this.#controller.abort(reason);
    this.#reject?.(this.signal.reason);
  }

  /** Aborts the attempt because its timeout fired. */
  timeOut(): void {
    if (this.signal.aborted) return;
    this.timedOut = true;
    this.abort();
  }

  /** Rejects with the abort reason once the attempt is aborted (made on first use). */
  aborted(): Promise<never> {
    if (!this.#aborted) {
      const { signal } = this;
      this.#aborted = signal.aborted
        ? Promise.reject(signal.reason)
        : new Promise<never>((_, reject) => {
            this.#reject = reject;
          });
      this.#aborted.catch(() => {});
    }
    return this.#aborted;
  }

  /** Aborts the attempt when `outer` aborts (at once when it already has). */
  follow(outer: AbortSignal | undefined): void {
    if (outer === undefined) return;
    if (outer.aborted) {
      this.abort(outer.reason);
      return;
    }
    let attempts = followers.get(outer);
    if (attempts === undefined) {
      const running = new Set<AttemptSignal>();
      attempts = running;
      followers.set(outer, running);
      outer.addEventListener(
        'abort',
        () => {
          for (const attempt of running) attempt.abort(outer.reason);
        },
        { once: true },
      );
    }
    attempts.add(this);
    this.#following = attempts;
  }

  /** Stops following the caller's signal (the attempt is over). */
  release(): void {
    this.#following?.delete(this);
    this.#following = undefined;
  }
}
