/**
 * A value that changes over time: `getSnapshot()` reads it, `subscribe(listener)` is told of
 * every change. The shape React's `useSyncExternalStore(subscribe, getSnapshot)` takes, and the
 * one every observable part of the SDK has (`client.auth`, `client.sync`, `client.conflicts`,
 * `repository.observe(…)`).
 *
 * Both methods are bound (pass them around detached) and `getSnapshot()` returns the same object
 * until the value changes.
 *
 * @example
 * ```ts
 * const heroes = useSyncExternalStore(live.subscribe, live.getSnapshot);
 * ```
 */
export interface Subscribable<T> {
  /** The current value; the same object for as long as it has not changed. */
  readonly getSnapshot: () => T;
  /**
   * Calls `listener` with the new value after every change (never for a change that leaves the
   * value equal). Returns the function that unsubscribes.
   */
  readonly subscribe: (listener: (snapshot: T) => void) => () => void;
}
