/**
 * A receiver's reads of the rows other clients say they wrote. A writer's awaited creates
 * announce one row each; read one by one, every announcement is a read transaction beside the
 * writer's (IndexedDB runs them in turn over the same store), which slowed a writer by half in
 * real Chromium with one other tab open (decision 0039). So reads run one at a time: the keys
 * heard while one runs are merged into the next, and in a visible page the next waits for an
 * animation frame (at most one read per frame; what is heard after a frame without a read is
 * read at once). Without frames (a hidden page, a worker, Node) the next read starts as the one
 * before settles, and a page that is hidden while a read waits for a frame reads at once. A
 * visible page can still go without frames (one the browser does not render, e.g. an iframe
 * out of view): a read never waits for a frame longer than {@link FRAME_WAIT_MS}. The keys of
 * a failed read are read once more with the next read. A receiver that dies with keys unread
 * loses nothing: the rows are in the storage, and it re-reads everything when it opens again.
 */

import type { TimerHandle, Timers } from '../platform/clock.js';

/** The longest a read waits for a frame before it runs anyway. */
export const FRAME_WAIT_MS = 50;

/** Reads `keys` into the store (`store.shared.refresh`). */
export type ReadRows = (keys: readonly string[]) => Promise<unknown>;

/** The animation frames of a page (see {@link pageFrames}). */
export interface Frames {
  /** Whether frames run now (the page is visible). */
  running(): boolean;
  /** Calls `callback` at the next frame. */
  next(callback: () => void): void;
  /** Calls `callback` whenever frames may have stopped (visibility changed); returns the undo. */
  onChange(callback: () => void): () => void;
}

/** The frames of the page this runs in; `undefined` outside a page (a worker, Node). */
export function pageFrames(): Frames | undefined {
  const scope = globalThis as Partial<Pick<Window, 'requestAnimationFrame' | 'document'>>;
  const { document } = scope;
  const request = scope.requestAnimationFrame;
  if (document === undefined || typeof request !== 'function') return undefined;
  return {
    running: () => document.visibilityState === 'visible',
    next: (callback) => request.call(globalThis, () => callback()),
    onChange(callback) {
      document.addEventListener('visibilitychange', callback);
      return () => document.removeEventListener('visibilitychange', callback);
    },
  };
}

/** Reads the keys heard, merged while a read runs or waits (see the module comment). */
export class HeardRows {
  #waiting = new Set<string>();
  /** Keys whose last read failed (read once more, then dropped). */
  readonly #failedOnce = new Set<string>();
  #closed = false;
  #reading: Promise<void> | undefined;
  /** Ends the wait for a frame (the page was hidden meanwhile). */
  #stopWaiting: (() => void) | undefined;
  readonly #unwatch: () => void;

  /**
   * @param read reads the rows of `keys` into memory.
   * @param after called after each read (`error` when it failed; its keys are read once more).
   * @param frames the page's frames; without them, no read waits for one.
   * @param timers bound each wait for a frame to {@link FRAME_WAIT_MS}.
   */
  constructor(
    private readonly read: ReadRows,
    private readonly after: (error?: unknown) => void,
    private readonly frames: Frames | undefined,
    private readonly timers: Timers,
  ) {
    this.#unwatch =
      frames?.onChange(() => {
        if (!frames.running()) this.#stopWaiting?.();
      }) ?? (() => {});
  }

  /** Reads `keys` at once, or with the next read when one runs or waits. */
  hear(keys: readonly string[]): void {
    for (const key of keys) this.#waiting.add(key);
    this.#reading ??= this.#drain();
  }

  /**
   * Stops: nothing heard is read any more, a wait for a frame ends; resolves once a read under
   * way has settled (after it, nothing reads into the store).
   */
  close(): Promise<void> {
    this.#closed = true;
    this.#unwatch();
    this.#waiting.clear();
    this.#stopWaiting?.();
    return this.#reading ?? Promise.resolve();
  }

  async #drain(): Promise<void> {
    try {
      while (this.#waiting.size > 0 && !this.#closed) {
        const keys = [...this.#waiting];
        this.#waiting = new Set();
        const failure = await this.read(keys).then(
          () => this.#readOnce(keys),
          (error: unknown) => ({ error: this.#readAgain(keys, error) }),
        );
        if (this.#closed) return;
        this.#tell(failure?.error);
        await this.#nextFrame(); // what is heard until then is read together
      }
    } finally {
      this.#reading = undefined;
    }
  }

  /** Keys read: a later failure of theirs is retried again. */
  #readOnce(keys: readonly string[]): undefined {
    for (const key of keys) this.#failedOnce.delete(key);
    return undefined;
  }

  /** A failed read's keys are read once more with the next read (a second failure drops them). */
  #readAgain(keys: readonly string[], error: unknown): unknown {
    for (const key of keys) {
      if (this.#failedOnce.delete(key)) continue;
      this.#failedOnce.add(key);
      this.#waiting.add(key);
    }
    return error ?? new Error('reading the rows other clients wrote failed');
  }

  /** `after`, whose own failure must not stop the reads. */
  #tell(error: unknown): void {
    try {
      if (error === undefined) this.after();
      else this.after(error);
    } catch {
      // a throwing listener (e.g. the app's logger) is not a reason to stop reading
    }
  }

  /**
   * The next frame, or at once when frames do not run (or stop while it waits), or after
   * {@link FRAME_WAIT_MS} when no frame comes.
   */
  #nextFrame(): Promise<void> | undefined {
    const { frames, timers } = this;
    if (!frames?.running()) return undefined;
    return new Promise<void>((resolve) => {
      let timer: TimerHandle;
      const done = () => {
        if (this.#stopWaiting !== done) return;
        this.#stopWaiting = undefined;
        timers.clearTimeout(timer);
        resolve();
      };
      this.#stopWaiting = done;
      timer = timers.setTimeout(done, FRAME_WAIT_MS);
      frames.next(done);
    });
  }
}
