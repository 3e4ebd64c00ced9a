/**
 * Concurrent requests for one key share one download. Each caller has its own progress
 * listener and its own signal: a caller that aborts leaves (its promise rejects with
 * `AbortError`); the download itself stops only when every caller has left.
 */
import { AbortError } from '../errors/index.js';
import type { MediaProgress } from './download.js';

/** The shared state of one download in flight. */
export interface SharedDownload {
  /** Aborted when every caller has left, or by `abortWhere`. */
  readonly signal: AbortSignal;
  /** Sends progress to every caller still waiting. */
  progress(progress: MediaProgress): void;
}

/** How one caller joins. */
export interface JoinOptions {
  readonly operation: string;
  readonly signal?: AbortSignal | undefined;
  readonly onProgress?: ((progress: MediaProgress) => void) | undefined;
}

interface Flight {
  readonly controller: AbortController;
  readonly listeners: Set<(progress: MediaProgress) => void>;
  callers: number;
  last: MediaProgress | undefined;
  done: Promise<void>;
}

/** The downloads in flight, by key. */
export class SharedDownloads {
  readonly #flights = new Map<string, Flight>();

  /** Joins the download of `key`, starting it with `start` when none is in flight. */
  join(
    key: string,
    start: (shared: SharedDownload) => Promise<void>,
    options: JoinOptions,
  ): Promise<void> {
    if (options.signal?.aborted) {
      return Promise.reject(new AbortError(options.operation, { cause: options.signal.reason }));
    }
    const flight = this.#flights.get(key) ?? this.#start(key, start);
    flight.callers++;
    const listener = options.onProgress;
    if (listener) {
      flight.listeners.add(listener);
      if (flight.last) listener(flight.last);
    }
    return new Promise<void>((resolve, reject) => {
      const signal = options.signal;
      const detach = () => {
        signal?.removeEventListener('abort', onAbort);
        if (listener) flight.listeners.delete(listener);
      };
      const onAbort = () => {
        detach();
        flight.callers--;
        if (flight.callers === 0) flight.controller.abort(signal?.reason);
        reject(new AbortError(options.operation, { cause: signal?.reason }));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      flight.done.then(
        () => {
          detach();
          resolve();
        },
        (error: unknown) => {
          detach();
          reject(
            flight.controller.signal.aborted
              ? new AbortError(options.operation, { cause: error })
              : error,
          );
        },
      );
    });
  }

  /** Aborts the downloads whose key `select` picks and waits until they have stopped. */
  async abortWhere(select: (key: string) => boolean, reason: unknown): Promise<void> {
    const stopping: Promise<void>[] = [];
    for (const [key, flight] of this.#flights) {
      if (!select(key)) continue;
      flight.controller.abort(reason);
      stopping.push(flight.done.catch(() => {}));
    }
    await Promise.all(stopping);
  }

  #start(key: string, start: (shared: SharedDownload) => Promise<void>): Flight {
    const flight: Flight = {
      controller: new AbortController(),
      listeners: new Set(),
      callers: 0,
      last: undefined,
      done: Promise.resolve(),
    };
    const shared: SharedDownload = {
      signal: flight.controller.signal,
      progress: (progress) => {
        flight.last = progress;
        for (const listener of flight.listeners) listener(progress);
      },
    };
    this.#flights.set(key, flight);
    flight.done = Promise.resolve()
      .then(() => start(shared))
      .finally(() => {
        if (this.#flights.get(key) === flight) this.#flights.delete(key);
      });
    flight.done.catch(() => {});
    return flight;
  }
}
