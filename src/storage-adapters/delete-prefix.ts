import type { StorageAdapter } from './storage-adapter.js';

/**
 * Deletes every key starting with `prefix` — a user namespace wipe such as `u/<userId>/`.
 *
 * Uses the adapter's own atomic `deletePrefix` when it has one. Otherwise it scans and deletes
 * the keys found in one batch: atomic for those keys, but a key written under the prefix after
 * the scan survives, so callers wipe a namespace only while nothing else writes to it.
 */
export async function deletePrefix(adapter: StorageAdapter, prefix: string): Promise<void> {
  if (adapter.deletePrefix) {
    await adapter.deletePrefix(prefix);
    return;
  }
  const entries = await adapter.scan(prefix);
  if (entries.length === 0) return;
  await adapter.batch(entries.map(([key]) => ({ type: 'delete', key })));
}
