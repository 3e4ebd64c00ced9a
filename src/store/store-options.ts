/** Options of a user's local store, and the wipe of a user's namespace. */

import { deletePrefix } from '../storage-adapters/delete-prefix.js';
import type { StorageAdapter } from '../storage-adapters/storage-adapter.js';
import { keyLayout } from './keys.js';

/** Options of {@link openLocalStore}. */
export interface LocalStoreOptions {
  /** Where records and the outbox are kept. Several namespaces may share one adapter. */
  readonly storage: StorageAdapter;
  /** The signed-in user: the namespace everything is stored under. */
  readonly userId: string;
  /** Device clock (epoch ms). @default Date.now */
  readonly now?: (() => number) | undefined;
  /**
   * Generates local ids and mutation ids, unique across every client over the storage (a create
   * under a new id does not read its row back first). @default UUIDv7
   */
  readonly newId?: (() => string) | undefined;
  /** Receives errors thrown by subscribers (they never break a write). @default ignore */
  readonly onListenerError?: ((error: unknown) => void) | undefined;
}

/** Deletes everything stored for `userId` (sign-out, account deletion). */
export async function wipeNamespace(storage: StorageAdapter, userId: string): Promise<void> {
  await deletePrefix(storage, keyLayout(userId).prefix);
}
