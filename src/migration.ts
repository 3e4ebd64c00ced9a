// `@infinitestories/sdk/migration`: the legacy-library migration tool on its own (the client
// also offers it as `client.migration`). Explicit named exports only.

export type {
  CheckpointStore,
  IdMaps,
  InFlight,
  MigratedCollection,
  MigrationCheckpoint,
  RollbackProgress,
} from './migration/checkpoint.js';
export { storageCheckpointStore } from './migration/checkpoint.js';
export type {
  ClientMigration,
  MigrationRunOptions,
  MigrationSnapshot,
  MigrationStatus,
} from './migration/client-migration.js';
export type {
  LegacyCustomEvent,
  LegacyExport,
  LegacyExportInput,
  LegacyHero,
  LegacyIllustration,
  LegacyMediaFile,
  LegacyStory,
  LegacyVisualProfile,
} from './migration/export-format.js';
export { LEGACY_EXPORT_FORMAT, legacyExportSchema } from './migration/export-format.js';
export type { MigrationWarning } from './migration/legacy-mapping.js';
export { DEFAULT_HERO_AGE } from './migration/legacy-mapping.js';
export type { MigrationLocalStore } from './migration/local-records.js';
export type { MediaReader, MediaRef, MediaSink } from './migration/media-sink.js';
export { LEGACY_MEDIA_VERSION } from './migration/media-sink.js';
export {
  migrateLegacyLibrary,
  resumeLegacyMigration,
  rollbackLegacyMigration,
} from './migration/migrate-legacy-library.js';
export type { MigrationRetryOptions, Sleep } from './migration/migration-context.js';
export type { ExportIssue, MigrationFailureKind } from './migration/migration-error.js';
export { MigrationError } from './migration/migration-error.js';
export type {
  MigrateLegacyLibraryOptions,
  MigrationClient,
} from './migration/migration-options.js';
export type {
  MigrationProgress,
  MigrationProgressItem,
  MigrationProgressListener,
  MigrationStep,
} from './migration/migration-progress.js';
export { MIGRATION_STEPS } from './migration/migration-progress.js';
export type {
  KeptLocally,
  MigrationCounts,
  MigrationPlan,
  MigrationReport,
  RollbackKept,
  RollbackKeptReason,
  RollbackReport,
  VerificationCounts,
} from './migration/migration-report.js';
export { parseLegacyExport } from './migration/parse-export.js';
