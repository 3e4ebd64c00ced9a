/** The terminal progress bar of a migration (cli-progress), on standard error. */
import cliProgress from 'cli-progress';
import type { MigrationProgress } from '../migration/migration-progress.js';

const SCALE = 1000;

/** A bar driven by migration progress events. */
export interface MigrationBar {
  update(progress: MigrationProgress): void;
  stop(): void;
}

/** Starts a bar on `stream` (a plain line per update when it is not a terminal). */
export function startProgressBar(stream: NodeJS.WriteStream): MigrationBar {
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: 'migrating [{bar}] {percentage}% | {step} {items} | ETA {eta_formatted}',
      noTTYOutput: true,
      notTTYSchedule: 250,
      hideCursor: stream.isTTY === true,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(SCALE, 0, { step: 'validate', items: '' });
  return {
    update(progress) {
      bar.update(Math.round(progress.overall * SCALE), {
        step: progress.step,
        items: progress.total > 0 ? `${progress.done}/${progress.total}` : '',
      });
    },
    stop() {
      bar.stop();
    },
  };
}
