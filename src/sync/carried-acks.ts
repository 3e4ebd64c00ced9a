/**
 * Answers carried to the next request: when a request's answer arrives while another request
 * waits for the slot, the Pusher does not write the acknowledgement on its own. The next
 * request takes it and writes it in the same commit as its own in-flight mark (one storage
 * transaction per record instead of two); a request that does not go out at once (a lost
 * create's search, a version check, nothing to send) writes what it took on its own first.
 *
 * Until then the entry stays in flight, in memory. A crash before the commit leaves it sent but
 * unacknowledged in storage, which the lost-acknowledgement search resolves, as for any answer
 * lost on the way. A commit that fails keeps the answers in memory (`unsaved-acks.ts`): they
 * are saved next round, and the request whose mark failed is not sent.
 */
import type { OutboxEntry } from '../model/types.js';
import type { SendResult } from './push-requests.js';
import type { SyncContext } from './sync-context.js';
import type { UnsavedAcks } from './unsaved-acks.js';

/** An answer carried to the next request. */
export interface Carried {
  readonly entry: OutboxEntry;
  readonly result: SendResult;
}

/** The carried answers one request took (emptied once they are written). */
export interface Handoff {
  acks: readonly Carried[];
}

/** After an answer is durable: the Pusher's counters, events and related rows. */
type Acknowledged = (entry: OutboxEntry, result: SendResult) => Promise<void>;

const inputs = (acks: readonly Carried[]) =>
  acks.map(({ entry, result }) => ({ mutationId: entry.mutationId, row: result.row }));

/** The answers of one Pusher waiting for the next request. */
export class CarriedAcks {
  readonly #waiting: Carried[] = [];

  constructor(
    private readonly context: SyncContext,
    private readonly unsaved: UnsavedAcks,
    private readonly acknowledged: Acknowledged,
  ) {}

  /** Leaves an answer for the next request. */
  carry(entry: OutboxEntry, result: SendResult): void {
    this.#waiting.push({ entry, result });
  }

  /** Every waiting answer, for the request that starts now. */
  take(): Handoff {
    return { acks: this.#waiting.splice(0) };
  }

  /**
   * Marks `mutationId` in flight (durable before its request leaves) in the same commit as the
   * answers `handoff` took. Resolves with the entry as it must be sent.
   */
  async markInFlight(
    handoff: Handoff,
    mutationId: string,
    firstSentServerAt: number,
  ): Promise<OutboxEntry> {
    const { outbox } = this.context.store;
    const acks = handoff.acks;
    if (acks.length === 0) return outbox.markInFlight(mutationId, firstSentServerAt);
    handoff.acks = [];
    const sending = await this.#write(acks, () =>
      outbox.ackAll(inputs(acks), { mutationId, firstSentServerAt }),
    );
    if (!sending) throw new Error(`outbox.markInFlight: ${mutationId} was not marked`);
    return sending;
  }

  /** Writes the answers `handoff` took and no request wrote (one commit). */
  async save(handoff: Handoff): Promise<void> {
    const acks = handoff.acks;
    if (acks.length === 0) return;
    handoff.acks = [];
    await this.#write(acks, () => this.context.store.outbox.ackAll(inputs(acks)));
  }

  /** Writes every answer still waiting (the end of a round). */
  saveAll(): Promise<void> {
    return this.save(this.take());
  }

  async #write<T>(acks: readonly Carried[], commit: () => Promise<T>): Promise<T> {
    let out: T;
    try {
      out = await commit();
    } catch (error) {
      // The server has these changes; only saving its answers failed. Never left in flight.
      for (const { entry, result } of acks) {
        this.unsaved.remember(entry.mutationId, result);
        this.context.store.outbox.releaseInFlight(entry.mutationId);
      }
      throw error;
    }
    for (const { entry, result } of acks) await this.acknowledged(entry, result);
    return out;
  }
}
