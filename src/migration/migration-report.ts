/** What a migration reports: the plan, what was created, and what stayed on the device. */
import type { JsonValue } from '../storage-adapters/storage-adapter.js';
import type { IdMaps, MigratedCollection } from './checkpoint.js';
import type { MigrationWarning } from './legacy-mapping.js';
import type { MediaRef } from './media-sink.js';
import type { ExportIssue } from './migration-error.js';

/** Counts of a legacy export. */
export interface MigrationCounts {
  readonly heroes: number;
  readonly stories: number;
  readonly customEvents: number;
  readonly visualProfiles: number;
  readonly illustrations: number;
  readonly mediaFiles: number;
}

/** What a migration will do. */
export interface MigrationPlan {
  readonly counts: MigrationCounts;
  /** Requests the upload needs when nothing goes wrong (sign-in excluded). */
  readonly requests: number;
  /** A rough duration, from `requests` and an assumed round trip. */
  readonly estimatedMs: number;
  /** Values the mapping changed (default ages…). */
  readonly warnings: readonly MigrationWarning[];
}

/** Something the backend cannot accept, kept on the device instead. */
export interface KeptLocally {
  readonly collection: MigratedCollection | 'illustrations';
  /** The legacy id (for illustrations: the illustration's legacy id). */
  readonly legacyId: string;
  /** The server id of the record it belongs to (the story, for illustrations), or `null`. */
  readonly serverId: string | null;
  /** The legacy field, e.g. `playCount`, `avatar`, `illustrations`. */
  readonly field: string;
  /** Its value (media entries: the file reference). */
  readonly value: JsonValue;
  readonly reason: string;
  /** Where a media file went: into the media cache under `ref` (pinned), or left in place. */
  readonly media: {
    readonly ref: MediaRef;
    readonly stored: 'media-cache' | 'left-in-place';
    /** Why it was left in place (no media cache given, unreadable file…). */
    readonly note: string | null;
  } | null;
}

/** Server counts after the upload, per collection: rows expected (sent) and found. */
export type VerificationCounts = Readonly<
  Record<MigratedCollection, { readonly expected: number; readonly found: number }>
>;

/** The final report of a migration. */
export interface MigrationReport {
  readonly migrationId: string;
  readonly status: 'completed' | 'dry-run';
  readonly plan: MigrationPlan;
  /** Legacy id → server id of everything created. */
  readonly ids: IdMaps;
  readonly warnings: readonly MigrationWarning[];
  readonly keptLocally: readonly KeptLocally[];
  readonly verification: {
    readonly counts: VerificationCounts;
    readonly mismatches: readonly ExportIssue[];
    /**
     * Rows another device (or the server) changed after the migration wrote them (a later
     * `updatedAt`): they were uploaded, so they are not compared field by field.
     */
    readonly changedElsewhere: readonly ExportIssue[];
  } | null;
  /** Whether the records were written to the local store as synced records. */
  readonly storedLocally: boolean;
  /** Requests sent by the last run (a resumed migration counts only its own). */
  readonly requests: number;
  /** Duration of the last run, in ms. */
  readonly durationMs: number;
}

/**
 * A report stored in a completed checkpoint: one stored by a version before
 * `verification.changedElsewhere` existed gets `[]` there.
 */
export function storedReport(report: MigrationReport): MigrationReport {
  const verification = report.verification;
  if (!verification || Array.isArray(verification.changedElsewhere)) return report;
  return { ...report, verification: { ...verification, changedElsewhere: [] } };
}

/**
 * Why a rollback kept a migrated hero or custom event:
 * - `changed-elsewhere`: it, or a story or visual profile under it, was changed after the
 *   migration wrote it (a later `updatedAt`): another device edited (or played) it;
 * - `added-elsewhere`: a story or visual profile the migration did not make is under it;
 * - `pending-local-change`: this device has a local change to it (or to a record under it, or
 *   referring to it) not yet synced;
 * - `used-by-kept-story`: (custom events) a kept story refers to it.
 */
export type RollbackKeptReason =
  | 'changed-elsewhere'
  | 'added-elsewhere'
  | 'pending-local-change'
  | 'used-by-kept-story';

/**
 * A migrated record a rollback did not delete, on the server or locally. A kept hero keeps its
 * stories and visual profile (the migrated ones too): deleting the hero would take the other
 * device's work with it.
 */
export interface RollbackKept {
  readonly collection: 'heroes' | 'customEvents';
  readonly legacyId: string;
  readonly serverId: string;
  readonly reason: RollbackKeptReason;
  /** The record that made it stay (the hero or event itself, or a story or profile). */
  readonly because: { readonly collection: MigratedCollection; readonly serverId: string };
}

/** Result of a rollback. */
export interface RollbackReport {
  readonly migrationId: string;
  /**
   * Server rows deleted, or found already gone (404), over all runs of this rollback (a hero's
   * stories and profile go with it). Only what is still exactly what the migration made is
   * deleted; the rest is in `kept`.
   */
  readonly deleted: { readonly heroes: number; readonly customEvents: number };
  /**
   * Migrated heroes and custom events kept, with what kept them (see {@link RollbackKept}).
   * Kept records stay on the server, but the rollback deletes the migration's checkpoint:
   * migrating the same export again creates them (and the stories under kept heroes) a second
   * time.
   */
  readonly kept: readonly RollbackKept[];
  /** Local records removed (when the migration had written them to the local store). */
  readonly removedLocally: number;
  /** The account's counts before the migration and now; equal after a rollback keeping nothing. */
  readonly counts: {
    readonly before: Readonly<Record<'heroes' | 'stories' | 'customEvents', number>>;
    readonly after: Readonly<Record<'heroes' | 'stories' | 'customEvents', number>>;
  };
}
