import { FakeNetworkError } from '../fake-network-error.js';

/** Which requests a fault applies to; omitted fields match everything. */
export interface FaultMatch {
  /** HTTP method, case-insensitive. */
  method?: string;
  /** The URL pathname: a string must equal it, a RegExp must match it. */
  path?: string | RegExp;
}

/** Options of {@link FakeBackendFaults.failNext}. */
export interface FailNextOptions {
  /** Answer with this status (default 503) instead of reaching the backend. */
  status?: number;
  /** The body of that response (default: a JSON error envelope). */
  body?: string;
  /** Content type of `body` (default `application/json`). */
  contentType?: string;
  /** Fail as a network error instead: `fetch` rejects with `FakeNetworkError`. */
  network?: true;
  match?: FaultMatch;
}

/** Options of {@link FakeBackendFaults.malformNext}. */
export interface MalformNextOptions {
  /** Status of the malformed response (default 200). */
  status?: number;
  /** Content type of the malformed response (default `application/json`). */
  contentType?: string;
  match?: FaultMatch;
}

/** Fault injection for tests. Count-based faults are consumed in the order they were added. */
export interface FakeBackendFaults {
  /**
   * The next `count` matching requests never reach the backend: they get `status` (default
   * 503) or, with `network: true`, a network error.
   */
  failNext(count: number, options?: FailNextOptions): void;
  /**
   * Adds `ms` of latency to every matching request until `clear()` or the returned function is
   * called. An aborted request stops waiting and rejects with the signal's reason.
   */
  delay(ms: number, match?: FaultMatch): () => void;
  /** The next `count` matching requests are applied, then their responses are lost (network error). */
  dropResponse(count: number, match?: FaultMatch): void;
  /**
   * The next `count` matching requests never reach the backend and get `body` as the response
   * (e.g. truncated JSON or an HTML error page).
   */
  malformNext(count: number, body: string, options?: MalformNextOptions): void;
  /** Removes every fault. */
  clear(): void;
}

type CountedFault =
  | { kind: 'fail'; remaining: number; match: FaultMatch | undefined; options: FailNextOptions }
  | { kind: 'drop'; remaining: number; match: FaultMatch | undefined }
  | {
      kind: 'malform';
      remaining: number;
      match: FaultMatch | undefined;
      body: string;
      options: MalformNextOptions;
    };

function matches(match: FaultMatch | undefined, request: Request): boolean {
  if (!match) return true;
  if (match.method && match.method.toUpperCase() !== request.method.toUpperCase()) return false;
  if (match.path !== undefined) {
    const pathname = new URL(request.url).pathname;
    if (typeof match.path === 'string' ? match.path !== pathname : !match.path.test(pathname)) {
      return false;
    }
  }
  return true;
}

/** Waits `ms`, or rejects with the signal's reason as soon as it aborts. */
export function abortableSleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The fault registry plus the wrapper that applies it around the backend's handler. */
export function createFaults(): {
  faults: FakeBackendFaults;
  apply(request: Request, next: (request: Request) => Promise<Response>): Promise<Response>;
} {
  let counted: CountedFault[] = [];
  let delays: { ms: number; match: FaultMatch | undefined }[] = [];
  const faults: FakeBackendFaults = {
    failNext(count, options = {}) {
      counted.push({ kind: 'fail', remaining: count, match: options.match, options });
    },
    delay(ms, match) {
      const entry = { ms, match };
      delays.push(entry);
      return () => {
        delays = delays.filter((d) => d !== entry);
      };
    },
    dropResponse(count, match) {
      counted.push({ kind: 'drop', remaining: count, match });
    },
    malformNext(count, body, options = {}) {
      counted.push({ kind: 'malform', remaining: count, match: options.match, body, options });
    },
    clear() {
      counted = [];
      delays = [];
    },
  };

  const take = (request: Request): CountedFault | undefined => {
    const fault = counted.find((f) => f.remaining > 0 && matches(f.match, request));
    if (!fault) return undefined;
    fault.remaining--;
    counted = counted.filter((f) => f.remaining > 0);
    return fault;
  };

  async function apply(
    request: Request,
    next: (request: Request) => Promise<Response>,
  ): Promise<Response> {
    const latency = delays.filter((d) => matches(d.match, request)).reduce((t, d) => t + d.ms, 0);
    const fault = take(request);
    if (latency > 0) await abortableSleep(latency, request.signal);
    if (fault?.kind === 'fail') {
      if (fault.options.network) throw new FakeNetworkError();
      const status = fault.options.status ?? 503;
      const body =
        fault.options.body ??
        JSON.stringify({ error: 'InjectedFault', message: `Injected fault (HTTP ${status})` });
      return new Response(body, {
        status,
        headers: { 'content-type': fault.options.contentType ?? 'application/json' },
      });
    }
    if (fault?.kind === 'malform') {
      return new Response(fault.body, {
        status: fault.options.status ?? 200,
        headers: { 'content-type': fault.options.contentType ?? 'application/json' },
      });
    }
    const response = await next(request);
    if (fault?.kind === 'drop') {
      await response.arrayBuffer();
      throw new FakeNetworkError('fetch failed (fake backend: response dropped after the write)');
    }
    return response;
  }

  return { faults, apply };
}
