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
  } | null;
  /** Whether the records were written to the local store as synced records. */
  readonly storedLocally: boolean;
  /** Requests sent by the last run (a resumed migration counts only its own). */
  readonly requests: number;
  /** Duration of the last run, in ms. */
  readonly durationMs: number;
}

/** Result of a rollback. */
export interface RollbackReport {
  readonly migrationId: string;
  /** Server rows deleted (a hero's stories and profile go with it). */
  readonly deleted: { readonly heroes: number; readonly customEvents: number };
  /** Local records removed (when the migration had written them to the local store). */
  readonly removedLocally: number;
  /** The account's counts before the migration and now; equal after a clean rollback. */
  readonly counts: {
    readonly before: Readonly<Record<'heroes' | 'stories' | 'customEvents', number>>;
    readonly after: Readonly<Record<'heroes' | 'stories' | 'customEvents', number>>;
  };
}
