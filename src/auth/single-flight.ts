/**
 * Single-flight: concurrent callers of the same keyed task share one run and its outcome. A new
 * run starts only after the previous one settled.
 */
export class SingleFlight<K, T> {
  readonly #inFlight = new Map<K, Promise<T>>();

  /** Joins the run in flight for `key`, or starts `task` when there is none. */
  run(key: K, task: () => Promise<T>): Promise<T> {
    const existing = this.#inFlight.get(key);
    if (existing) return existing;
    // The task starts on the next microtask, after the entry is registered, so even a task that
    // throws synchronously settles through the same path and clears its entry.
    const promise = Promise.resolve()
      .then(task)
      .finally(() => {
        this.#inFlight.delete(key);
      });
    this.#inFlight.set(key, promise);
    return promise;
  }

  /** True while a run for `key` is in flight. */
  isRunning(key: K): boolean {
    return this.#inFlight.has(key);
  }

  /** How many keys have a run in flight. */
  get size(): number {
    return this.#inFlight.size;
  }
}
