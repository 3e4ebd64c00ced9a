/**
 * Request timeouts of the convergence property, driven by events instead of the wall clock.
 *
 * A client's per-attempt timeout runs on its injected timers. Each device gets
 * {@link RequestTimers}: every timer of exactly {@link REQUEST_TIMEOUT_MS} is a request
 * timeout, and it never fires by itself, so a machine starved of CPU never times a request out
 * (with a real 200 ms timeout it did, and healing then ran out of rounds). Other timers run on
 * the run's virtual time (`virtual-time.ts`).
 *
 * A slow server ({@link SlowServer}, the `slowSync` fault) holds the matching requests: they
 * never reach the backend and never answer. Once every request timeout a device has armed
 * belongs to a held request (its other requests have all finished), those timeouts fire: the
 * client sees `TimeoutError`, as it would from a server slower than its timeout.
 */
import { systemTimers, type Timers } from '../../../src/platform/clock.js';

/** The client `timeoutMs` of the run's devices (a length no other timer of the SDK uses). */
export const REQUEST_TIMEOUT_MS = 86_399_999;

/** Which requests a slow server holds. */
export interface SlowMatch {
  readonly method?: string;
  readonly path: RegExp;
}

/** The requests the server is slow for, shared by every device of a run. */
export class SlowServer {
  #matches: SlowMatch[] = [];

  /** Holds the matching requests until `stop()` (requests held already stay held). */
  slow(match: SlowMatch): () => void {
    this.#matches.push(match);
    return () => {
      this.#matches = this.#matches.filter((m) => m !== match);
    };
  }

  clear(): void {
    this.#matches = [];
  }

  holds(request: Request): boolean {
    const { pathname } = new URL(request.url);
    return this.#matches.some(
      (m) => (m.method === undefined || m.method === request.method) && m.path.test(pathname),
    );
  }
}

interface Pending {
  readonly fire: () => void;
}

/**
 * One device's timers: request timeouts fire when only held requests are left; other timers
 * run on `others` (the run's virtual time).
 */
export class RequestTimers implements Timers {
  readonly #timeouts = new Set<Pending>();
  #held = 0;
  #checking = false;

  constructor(private readonly others: Timers = systemTimers) {}

  setTimeout(callback: () => void, ms: number): unknown {
    if (ms !== REQUEST_TIMEOUT_MS) return { other: this.others.setTimeout(callback, ms) };
    const timeout: Pending = { fire: callback };
    this.#timeouts.add(timeout);
    return timeout;
  }

  clearTimeout(handle: unknown): void {
    if (typeof handle !== 'object' || handle === null) return;
    if ('other' in handle) {
      this.others.clearTimeout(handle.other);
      return;
    }
    if (this.#timeouts.delete(handle as Pending)) this.#check();
  }

  /** `fetch`, holding what `server` is slow for until the request's timeout fires. */
  wrap(fetch: typeof globalThis.fetch, server: SlowServer): typeof globalThis.fetch {
    return (input, init) => {
      const request = new Request(input, init);
      if (!server.holds(request)) return fetch(request);
      return new Promise<Response>((_resolve, reject) => {
        const { signal } = request;
        this.#held++;
        const release = (): void => {
          this.#held--;
          reject(signal.reason ?? new Error('aborted'));
        };
        if (signal.aborted) release();
        else signal.addEventListener('abort', release, { once: true });
        this.#check();
      });
    };
  }

  /** Soon (after the current turn), fires the timeouts if every one belongs to a held request. */
  #check(): void {
    if (this.#checking) return;
    this.#checking = true;
    setImmediate(() => {
      this.#checking = false;
      if (this.#held === 0 || this.#timeouts.size !== this.#held) return;
      const due = [...this.#timeouts];
      this.#timeouts.clear();
      for (const timeout of due) timeout.fire();
    });
  }
}
