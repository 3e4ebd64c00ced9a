/** One persistent store of one adapter kind, as the benchmarks use it (types only). */
import type { StorageAdapter } from '../src/storage-adapters/storage-adapter.js';

/** A store the benchmarks can reopen, as an app does after a restart. */
export interface BenchStore {
  /** A new connection to the store (for memory: the one instance, which holds the data). */
  open(): StorageAdapter;
  /** Closes a connection from `open()` (a no-op for memory, whose data would go with it). */
  release(adapter: StorageAdapter): Promise<void>;
  /** Closes every connection opened through `open()` and deletes the data. */
  dispose(): Promise<void>;
}
