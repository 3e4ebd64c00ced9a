/**
 * Runs the engine's rounds one at a time. A round asked for while one runs is queued as one
 * follow-up round that every such caller shares; a caller's signal stops its own wait (and, for
 * the round it started, the round itself).
 */
import { AbortError } from '../errors/index.js';
import { abortWhile, raceAbort } from '../platform/abort.js';
import { anySignal } from '../platform/compat/any-signal.js';
import type { SyncSummary } from './sync-events.js';

/** What the runner runs and tells. */
export interface RoundRunnerOptions {
  /** One round; `explicit` when the app asked for it (`syncNow()`). */
  readonly round: (signal: AbortSignal, explicit: boolean) => Promise<SyncSummary>;
  /** Called after every round, whatever its outcome. */
  readonly after: () => void;
  /** Aborts every round (the engine's close). */
  readonly closer: AbortSignal;
}

interface Round {
  readonly promise: Promise<SyncSummary>;
  readonly controller: AbortController;
}

/** The rounds of one engine. */
export class RoundRunner {
  #current: Round | null = null;
  #followUp: Promise<SyncSummary> | null = null;
  /** How many {@link hold}s are on. */
  #held = 0;

  constructor(private readonly options: RoundRunnerOptions) {}

  /** Whether rounds are held back ({@link hold}). */
  get held(): boolean {
    return this.#held > 0;
  }

  /**
   * Holds rounds back (a sign-out): a new or queued round rejects with `AbortError` without
   * running. Resolves, once the running round finished, with the function that ends the hold
   * (idempotent; `released` runs when the last hold ends).
   */
  async hold(released: () => void): Promise<() => void> {
    this.#held++;
    let on = true;
    await this.whenIdle();
    return () => {
      if (!on) return;
      on = false;
      if (--this.#held === 0) released();
    };
  }

  /** The round running now, if any. */
  get running(): Promise<SyncSummary> | undefined {
    return this.#current?.promise;
  }

  /** A round for the app: the running one's follow-up, or a new one when none runs. */
  request(operation: string, signal: AbortSignal | undefined): Promise<SyncSummary> {
    if (this.#held > 0) return this.start(true); // rejects
    if (this.#current) {
      this.#followUp ??= this.#current.promise
        .catch(() => undefined)
        .then(() => {
          this.#followUp = null;
          return this.start(true);
        });
      return raceAbort(this.#followUp, signal, operation);
    }
    const promise = this.start(true);
    const round = this.#current as Round | null;
    if (round) abortWhile(signal, round.controller, promise);
    return raceAbort(promise, signal, operation);
  }

  /** Starts a round; `explicit` (the app asked for it) also retries backed-off changes. */
  start(explicit = false): Promise<SyncSummary> {
    if (this.options.closer.aborted) return Promise.reject(new AbortError('sync.syncNow'));
    if (this.#held > 0) {
      const cause = new Error('sync is held back while the user signs out');
      return Promise.reject(new AbortError('sync.syncNow', { cause }));
    }
    const controller = new AbortController();
    const signal = anySignal([controller.signal, this.options.closer]);
    const token: { promise?: Promise<SyncSummary> } = {};
    const promise = this.options.round(signal, explicit).finally(() => {
      if (this.#current?.promise === token.promise) this.#current = null;
      this.options.after();
    });
    token.promise = promise;
    this.#current = { promise, controller };
    return promise;
  }

  /** Settles when no round runs or is queued. */
  async whenIdle(): Promise<void> {
    while (this.#current || this.#followUp) {
      await (this.#followUp ?? this.#current?.promise)?.catch(() => undefined);
    }
  }
}
