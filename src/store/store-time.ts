/**
 * The times the store records. Its own work is ordered on the device clock; two times are kept
 * on the server clock, so that a device clock changed later cannot reorder them against times
 * of the server or of other devices:
 *
 * - when an edit was made (`OutboxEntry.editedServerAt`: device clock + the offset estimate at
 *   that moment), for last-write-wins against the server's `updatedAt`;
 * - when a record last heard from the server (`StoredRecord.lastSyncedAt`: device clock + the
 *   steady offset), compared with when a listing started (also on the server clock).
 *
 * The sync engine hands the store its API client's server clock ({@link StoreTime.use}); until
 * then, and while no `Date` header was seen, edits carry no server time and `lastSyncedAt` is
 * the device clock.
 */

/** The server clock as the store reads it (the API client's estimate). */
export interface StoreServerClock {
  /** Estimated `serverNow − deviceNow` in ms, or `undefined` while unknown. */
  editOffsetMs(): number | undefined;
  /**
   * An offset that moves only when the device clock was changed (not as samples refine the
   * estimate), or `undefined` while unknown: times recorded moments apart compare as the
   * device-clock readings they were taken from.
   */
  steadyOffsetMs(): number | undefined;
}

/** The store's clocks. */
export class StoreTime {
  #server: StoreServerClock | undefined;

  /** @param now - the device clock, epoch ms. */
  constructor(readonly now: () => number) {}

  /** Uses `clock` from now on. */
  use(clock: StoreServerClock): void {
    this.#server = clock;
  }

  /** The server time of an edit made now, or `undefined` while the offset is unknown. */
  editedServerAt(): number | undefined {
    const offset = this.#server?.editOffsetMs();
    return offset === undefined ? undefined : this.now() + offset;
  }

  /** Now on the server clock, with the steady offset (the device clock while it is unknown). */
  heardAt(): number {
    return this.now() + (this.#server?.steadyOffsetMs() ?? 0);
  }
}
