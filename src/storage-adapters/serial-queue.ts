/**
 * Runs async tasks one at a time, in call order: what lets an adapter over an async engine
 * promise that a `get` called after `batch()` sees that batch.
 */

/** Enqueues `task`; it starts once every task enqueued before it has settled. */
export type SerialQueue = <T>(task: () => Promise<T>) => Promise<T>;

/** A new, empty {@link SerialQueue}. */
export function serialQueue(): SerialQueue {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>): Promise<T> => {
    const run = tail.then(task);
    tail = run.catch(() => undefined);
    return run;
  };
}
