/**
 * Acknowledgements the server gave that storage failed to save (a full disk, a closed
 * database). The entry is released at once (never left `inFlight` until a restart) and the
 * server's answer is kept here, in memory, so the next round saves it before it pulls: the
 * server's copy then folds into the local record instead of showing beside it, and the entry
 * leaves the outbox without a second request. After a restart the answer is gone, but the entry
 * was sent (`attempts > 0`): the lost-ack search finds the server's copy instead.
 */
import type { OutboxEntry } from '../model/types.js';
import type { SendResult } from './push-requests.js';
import type { SyncContext } from './sync-context.js';

/** Saves one acknowledgement (the Pusher's). Rejects when storage fails again. */
export type SaveAck = (entry: OutboxEntry, result: SendResult) => Promise<void>;

/** The answers waiting to be saved, by mutation id. */
export class UnsavedAcks {
  readonly #results = new Map<string, SendResult>();

  /** True when `mutationId`'s answer waits to be saved (do not send it again). */
  has(mutationId: string): boolean {
    return this.#results.has(mutationId);
  }

  remember(mutationId: string, result: SendResult): void {
    this.#results.set(mutationId, result);
  }

  forget(mutationId: string): void {
    this.#results.delete(mutationId);
  }

  /** Saves every waiting answer whose entry is still there; throws the first storage error. */
  async saveAll(context: SyncContext, save: SaveAck): Promise<void> {
    const { outbox } = context.store;
    for (const [mutationId, result] of [...this.#results]) {
      const entry = outbox.get(mutationId);
      if (!entry) {
        this.#results.delete(mutationId);
        continue;
      }
      if (outbox.isInFlight(mutationId)) continue;
      await save(entry, result);
    }
  }
}
