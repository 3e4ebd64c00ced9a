import type { JsonValue, StorageAdapter, StorageOp } from './storage-adapter.js';

/**
 * Reads `keys` and writes what `plan` makes of their values, as one atomic read-modify-write.
 *
 * Uses the adapter's own `transact` when it has one: then no other writer over the same
 * storage (another tab, connection or process) can slip in between the read and the write.
 * Otherwise it reads with `getMany` and writes with `batch`: atomic against this adapter's own
 * later calls (operations take effect in call order), but not against another adapter over
 * the same storage — such adapters suit one client per storage only.
 */
export async function transact(
  adapter: StorageAdapter,
  keys: readonly string[],
  plan: (values: ReadonlyArray<JsonValue | undefined>) => readonly StorageOp[],
): Promise<void> {
  if (adapter.transact) {
    await adapter.transact(keys, plan);
    return;
  }
  const values = await adapter.getMany(keys);
  const ops = plan(values);
  if (ops.length > 0) await adapter.batch(ops);
}
