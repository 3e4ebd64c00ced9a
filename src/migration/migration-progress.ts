/** Steps and progress events of a migration. */
import type { MigratedCollection } from './checkpoint.js';

/** The steps of a migration, in order. */
export const MIGRATION_STEPS = [
  'validate',
  'plan',
  'heroes',
  'visualProfiles',
  'customEvents',
  'stories',
  'verify',
  'media',
  'local',
  'done',
] as const;

/** One step of a migration. */
export type MigrationStep = (typeof MIGRATION_STEPS)[number];

/** The item a progress event is about. */
export interface MigrationProgressItem {
  readonly collection: MigratedCollection | 'media';
  readonly legacyId: string;
  readonly serverId: string | null;
}

/** A progress event: per step and per item, plus an overall fraction. Immutable. */
export interface MigrationProgress {
  readonly migrationId: string | null;
  readonly step: MigrationStep;
  /** 0-based position of `step` in {@link MIGRATION_STEPS}. */
  readonly stepIndex: number;
  readonly stepCount: number;
  /** Items of this step done so far. */
  readonly done: number;
  /** Items of this step. */
  readonly total: number;
  /** Fraction of the whole migration done, 0–1. */
  readonly overall: number;
  /** The item just finished, when the event is about one. */
  readonly item: MigrationProgressItem | null;
  /** Requests sent to the server so far (in this run). */
  readonly requests: number;
  /** Estimated time left in ms, once there is something to estimate from; else `null`. */
  readonly etaMs: number | null;
}

/** Receives progress events. Errors it throws are ignored. */
export type MigrationProgressListener = (progress: MigrationProgress) => void;

/** Units of work per step, for the overall fraction. */
export type StepUnits = Readonly<Record<MigrationStep, number>>;

/** Builds progress events and forwards them to the listener. */
export class ProgressTracker {
  #migrationId: string | null = null;
  #requests = 0;
  readonly #startedAt: number;
  readonly #units: StepUnits;
  readonly #totalUnits: number;
  readonly #doneBefore: Record<MigrationStep, number>;

  constructor(
    units: StepUnits,
    private readonly listener: MigrationProgressListener | undefined,
    private readonly now: () => number,
  ) {
    this.#units = units;
    this.#startedAt = now();
    let sum = 0;
    const before = {} as Record<MigrationStep, number>;
    for (const step of MIGRATION_STEPS) {
      before[step] = sum;
      sum += units[step];
    }
    this.#doneBefore = before;
    this.#totalUnits = Math.max(1, sum);
  }

  set migrationId(id: string) {
    this.#migrationId = id;
  }

  /** Counts one request sent to the server. */
  request(): void {
    this.#requests++;
  }

  get requests(): number {
    return this.#requests;
  }

  /** Reports `done` of `total` items of `step`. */
  report(step: MigrationStep, done: number, total: number, item?: MigrationProgressItem): void {
    if (!this.listener) return;
    const stepUnits = this.#units[step];
    const fraction = total === 0 ? 1 : done / total;
    const overall = Math.min(1, (this.#doneBefore[step] + fraction * stepUnits) / this.#totalUnits);
    const elapsed = this.now() - this.#startedAt;
    const event: MigrationProgress = Object.freeze({
      migrationId: this.#migrationId,
      step,
      stepIndex: MIGRATION_STEPS.indexOf(step),
      stepCount: MIGRATION_STEPS.length,
      done,
      total,
      overall,
      item: item ?? null,
      requests: this.#requests,
      etaMs: overall > 0.02 && overall < 1 ? Math.round((elapsed / overall) * (1 - overall)) : null,
    });
    try {
      this.listener(event);
    } catch {
      // A failing listener never breaks the migration.
    }
  }
}
