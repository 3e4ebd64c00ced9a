import type { OutboxEntry } from '../model/types.js';

/**
 * The outbox order: by `seq`, then by mutation id. Clients sharing one storage can give two
 * records' entries one `seq` (each numbers its own writes, and a client takes the others'
 * numbers into account only once it has read their rows), so the mutation id, unique across
 * clients, breaks the tie: every client puts the same entries in the same order.
 */
export function outboxOrder(a: OutboxEntry, b: OutboxEntry): number {
  if (a.seq !== b.seq) return a.seq - b.seq;
  return a.mutationId < b.mutationId ? -1 : a.mutationId > b.mutationId ? 1 : 0;
}
