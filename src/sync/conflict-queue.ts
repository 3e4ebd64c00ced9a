/**
 * Conflict resolutions of one engine, one at a time: each waits for the round running when it
 * was asked for, and rounds started later wait for it (so a round never reads a half-resolved
 * record).
 */
import type { ConflictChoice } from '../conflict/conflict.js';
import { resolveOpenConflict } from './conflict-actions.js';
import type { SyncContext } from './sync-context.js';

/** The queue of conflict resolutions. */
export class ConflictQueue {
  #resolving: Promise<unknown> = Promise.resolve();

  constructor(private readonly context: SyncContext) {}

  /** Resolves conflict `id` with `choice` after `running` (the round in progress) settles. */
  resolve(
    id: string,
    choice: ConflictChoice,
    running: Promise<unknown> | undefined,
  ): Promise<void> {
    const run = async (): Promise<void> => {
      await running?.catch(() => undefined);
      await resolveOpenConflict(this.context, id, choice);
    };
    const result = this.#resolving.catch(() => undefined).then(run);
    this.#resolving = result.catch(() => undefined);
    return result;
  }

  /** Settles when every resolution asked for so far has (never rejects). */
  settled(): Promise<void> {
    return this.#resolving.then(
      () => undefined,
      () => undefined,
    );
  }
}
