/**
 * The sync engine's typed events and the status value it publishes.
 */

import type { EventEmitter } from 'eventemitter3';
import type { Conflict, ConflictChoice } from '../conflict/conflict.js';
import type { ConflictResolverError } from '../errors/index.js';
import type { CollectionName, OutboxOp, SyncErrorInfo, SyncFailureKind } from '../model/types.js';
import type { SupersededWrite } from './superseded.js';

/** What the engine is doing. */
export type SyncPhase = 'idle' | 'pushing' | 'pulling' | 'paused' | 'error';

/**
 * The engine's status, as one immutable value (`getSnapshot()`); a new object only when a field
 * changed.
 */
export interface SyncSnapshot {
  /** The connectivity monitor says online and the server was reachable last time. */
  readonly online: boolean;
  /** `paused` while the session is gone (after a 401); `error` after a failed sync. */
  readonly phase: SyncPhase;
  /**
   * Local changes not yet acknowledged by the server: exactly the entries `pending()` lists,
   * including those refused for good (also in `failedCount`) and those held by a conflict.
   */
  readonly pendingCount: number;
  /** Open conflicts waiting for `conflicts.resolve()`. */
  readonly conflictCount: number;
  /** Changes the server refused for good (`retry()` or `discard()` them). */
  readonly failedCount: number;
  /**
   * Server rows left out at the last pull because they failed validation (each is reported
   * once through `pull:rejected`); `0` once the server sends them valid again.
   */
  readonly rejectedRemote: number;
  /** When the last sync completed (epoch ms, device clock), or `null`. */
  readonly lastSyncedAt: number | null;
  /** Why the last sync failed; `null` after a successful one. */
  readonly lastError: SyncErrorInfo | null;
}

/** The status when nothing is known yet: no session (signed out) or a server render. Frozen. */
export function idleSyncSnapshot(online: boolean): SyncSnapshot {
  return Object.freeze({
    online,
    phase: 'idle',
    pendingCount: 0,
    conflictCount: 0,
    failedCount: 0,
    rejectedRemote: 0,
    lastSyncedAt: null,
    lastError: null,
  });
}

/** What one sync round did (`syncNow()` resolves with it; `sync:completed` carries it). */
export interface SyncSummary {
  /** Outbox entries the server acknowledged (including creates adopted after a lost answer). */
  readonly pushed: number;
  /** Local records changed by pulled rows, merges and removals of remote deletes. */
  readonly pulled: number;
  /** Conflicts opened (left to the user) during the round. */
  readonly conflicts: number;
  /** Changes the server refused for good during the round. */
  readonly failed: number;
}

/** Payload of `mutation:failed`. */
export interface MutationFailedEvent {
  readonly mutationId: string;
  readonly collection: CollectionName;
  /** Local id of the record. */
  readonly localId: string;
  readonly op: OutboxOp;
  readonly error: SyncErrorInfo;
  /** The error the API client threw. */
  readonly cause: unknown;
}

/** Why a record changed on the device because of sync. */
export type RecordChangeSource = 'pull' | 'push' | 'merge' | 'remote-delete' | 'resolve';

/** Payload of `record:changed`. */
export interface RecordChangedEvent {
  readonly collection: CollectionName;
  /** Local id of the record. */
  readonly localId: string;
  readonly source: RecordChangeSource;
}

/** Payload of `sync:failed`. */
export interface SyncFailedEvent {
  readonly kind: SyncFailureKind;
  readonly error: unknown;
}

/** Payload of `pull:rejected`: a server row failed validation and was left out. */
export interface PullRejectedEvent {
  readonly collection: CollectionName;
  /** The row's server id, or `null` when it has none. */
  readonly id: string | null;
  /** The first failing field (dotted path inside the row). */
  readonly field: string;
  readonly message: string;
}

/** Payload of `pull:future-row`: a server row's `updatedAt` is later than the server's own time. */
export interface FutureRowEvent {
  readonly collection: CollectionName;
  /** The row's server id. */
  readonly id: string;
  /** The row's `updatedAt` (ISO). */
  readonly updatedAt: string;
  /** The server's time (latest possible) when the row was listed (ISO). */
  readonly serverTime: string;
}

/** Payload of `conflict:resolved`. */
export interface ConflictResolvedEvent {
  readonly conflict: Conflict;
  readonly choice: ConflictChoice;
}

/** The engine's events (`engine.on(name, listener)`). */
export interface SyncEvents {
  /** The status changed (same value as `subscribe` listeners get). */
  status: (snapshot: SyncSnapshot) => void;
  /** A conflict was opened (or its versions changed) and waits for the app. */
  conflict: (conflict: Conflict) => void;
  /** A conflict was resolved with `conflicts.resolve()`. */
  'conflict:resolved': (event: ConflictResolvedEvent) => void;
  /** A custom resolver threw or answered something invalid; a conflict was opened instead. */
  'conflict:resolver-error': (error: ConflictResolverError) => void;
  /** The server refused a change for good (400/403/422…). */
  'mutation:failed': (event: MutationFailedEvent) => void;
  /** Sync changed a record on the device. Emitted only while someone listens. */
  'record:changed': (event: RecordChangedEvent) => void;
  /** A pulled server row failed validation: it was skipped (and is counted in `rejectedRemote`). */
  'pull:rejected': (event: PullRejectedEvent) => void;
  /**
   * A pulled server row has an `updatedAt` later than the server's clock: it was applied, and the
   * pull cursor stays at the server's time so later changes still arrive. Reported once per row.
   */
  'pull:future-row': (event: FutureRowEvent) => void;
  /** A sync round finished. */
  'sync:completed': (summary: SyncSummary) => void;
  /** A sync round failed (offline, auth, server, contract…). */
  'sync:failed': (event: SyncFailedEvent) => void;
  /**
   * A local edit lost to the server's version (last-writer-wins, or a `server-wins` field):
   * the record, the fields, the local and the winning values. Also kept in
   * `client.sync.superseded()`.
   */
  'write:superseded': (write: SupersededWrite) => void;
}

/** Counters of one round, filled in by the Pusher and the Puller. */
export class RoundTally {
  pushed = 0;
  pulled = 0;
  conflicts = 0;
  failed = 0;

  summary(): SyncSummary {
    return Object.freeze({
      pushed: this.pushed,
      pulled: this.pulled,
      conflicts: this.conflicts,
      failed: this.failed,
    });
  }
}

/** Adds `listener` for `event` on `emitter`; returns the function that removes it. */
export function listen<E extends keyof SyncEvents>(
  emitter: EventEmitter<SyncEvents>,
  event: E,
  listener: SyncEvents[E],
): () => void {
  const fn = listener as EventEmitter.EventListener<SyncEvents, E>;
  emitter.on(event, fn);
  return () => {
    emitter.off(event, fn);
  };
}
