/**
 * The public shape of the sync engine (`client.sync`) and of its conflicts API
 * (`client.conflicts`). The implementation is `sync-engine.ts`.
 */
import type { Conflict, ConflictChoice } from '../conflict/conflict.js';
import type { PendingMutation } from '../store/outbox.js';
import type { SyncEvents, SyncSnapshot, SyncSummary } from './sync-events.js';

/** The app-facing conflicts API (`client.conflicts`). */
export interface ConflictsApi {
  /** Open conflicts, oldest first (the same array until one changes). */
  list(): readonly Conflict[];
  getSnapshot(): readonly Conflict[];
  /** Calls `listener` after every change of the list; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
  /**
   * Resolves a conflict: `'keep-local'`, `'keep-remote'` or `{ merged }` (see
   * `conflict-actions.ts`). What must be sent is queued and a sync follows.
   */
  resolve(conflictId: string, choice: ConflictChoice): Promise<void>;
}

/** The sync engine (`client.sync`). Create it with {@link createSyncEngine}. */
export interface SyncEngine {
  /** Starts background sync (a round at once, then as scheduled). Idempotent. */
  start(): void;
  /** Stops scheduling rounds (a running one finishes). `syncNow()` still works. */
  stop(): void;
  /**
   * Runs a round now (or joins the follow-up of the running one). Rejects with
   * `OfflineError` when the connectivity monitor says offline, `AuthError` on a 401, the
   * pull's error when it fails, `AbortError` when `signal` aborts or the engine closes.
   */
  syncNow(options?: { readonly signal?: AbortSignal | undefined }): Promise<SyncSummary>;
  /** The current status (the same object until a field changes). */
  getSnapshot(): SyncSnapshot;
  /** Calls `listener` after every status change; returns the unsubscribe function. */
  subscribe(listener: (snapshot: SyncSnapshot) => void): () => void;
  /** Listens to a typed event; returns the unsubscribe function. */
  on<E extends keyof SyncEvents>(event: E, listener: SyncEvents[E]): () => void;
  /** Open conflicts and their resolution. */
  readonly conflicts: ConflictsApi;
  /** Every queued change, with its status and last error. */
  pending(): readonly PendingMutation[];
  /** Makes a failed (or waiting) change eligible again at once, and syncs. */
  retry(mutationId: string): Promise<void>;
  /** Drops a queued change; its record rolls back to the last server version. */
  discard(mutationId: string): Promise<void>;
  /** Leaves the `paused` phase after a 401 (when no `auth` seam does it). */
  resume(): void;
  /** Foreground (poll at `foregroundPollMs`, the default) or background (`intervalMs`). */
  setForeground(foreground: boolean): void;
  /** Resolves once no round is running or queued. */
  whenIdle(): Promise<void>;
  /**
   * Holds rounds back (for a sign-out that must close the user's data with nothing in
   * flight): no round starts, `syncNow()` rejects with `AbortError`, and it resolves once the
   * running round (and its follow-up, which then does nothing) has finished, its answers saved.
   * Resolves with the function that lets rounds run again (idempotent).
   */
  pause(): Promise<() => void>;
  /** Stops everything and aborts the running round. Idempotent. */
  close(): Promise<void>;
}
