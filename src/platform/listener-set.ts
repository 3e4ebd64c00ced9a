/**
 * The one subscribable base: a set of listeners with `add(listener) → unsubscribe` and
 * `emit(...args)`, behind every `subscribe` of the SDK. Emission walks a copy, so a listener
 * may unsubscribe (itself or others) or subscribe while it runs.
 */

/** Options of a {@link ListenerSet}. */
export interface ListenerSetOptions {
  /** Runs when the first listener is added (start the work behind the subscription). */
  readonly onFirst?: (() => void) | undefined;
  /** Runs when the last listener is removed (stop that work). */
  readonly onLast?: (() => void) | undefined;
  /**
   * Receives what a listener throws, and the other listeners still run. Without it a throwing
   * listener's error propagates to the emitter and the rest of the round is skipped.
   */
  readonly onError?: ((error: unknown) => void) | undefined;
  /**
   * Each `add` is its own subscription, even for a function already added (so two components
   * passing one callback each get told, and each unsubscribe removes only its own). By default
   * a function is held once, as in a `Set`.
   */
  readonly perSubscription?: boolean | undefined;
}

/** A set of listeners taking `Args`. */
export class ListenerSet<Args extends readonly unknown[] = []> {
  readonly #listeners = new Set<(...args: Args) => void>();
  readonly #options: ListenerSetOptions;

  constructor(options: ListenerSetOptions = {}) {
    this.#options = options;
  }

  /** How many listeners are subscribed. */
  get size(): number {
    return this.#listeners.size;
  }

  /** Subscribes `listener`; returns the unsubscribe function (calling it twice is harmless). */
  add(listener: (...args: Args) => void): () => void {
    const entry = this.#options.perSubscription ? (...args: Args) => listener(...args) : listener;
    const before = this.#listeners.size;
    this.#listeners.add(entry);
    if (before === 0 && this.#listeners.size === 1) this.#options.onFirst?.();
    return () => {
      if (!this.#listeners.delete(entry)) return;
      if (this.#listeners.size === 0) this.#options.onLast?.();
    };
  }

  /** Calls every listener with `args`. */
  emit(...args: Args): void {
    if (this.#listeners.size === 0) return;
    const onError = this.#options.onError;
    for (const listener of [...this.#listeners]) {
      if (!onError) {
        listener(...args);
        continue;
      }
      try {
        listener(...args);
      } catch (error) {
        onError(error);
      }
    }
  }

  /** Removes every listener (without running `onLast`). */
  clear(): void {
    this.#listeners.clear();
  }
}
