/** The parts one sync engine is made of, wired over one shared {@link SyncContext}. */
import type { EventEmitter } from 'eventemitter3';
import { AuthRecheck } from './auth-recheck.js';
import { ConflictQueue } from './conflict-queue.js';
import { ConflictRegistry } from './conflict-registry.js';
import { PullState } from './pull-state.js';
import { Puller } from './puller.js';
import { Pusher } from './pusher.js';
import { ReconcileSchedule } from './reconciler.js';
import { RetryDeadlines } from './retry-deadlines.js';
import type { SyncContext } from './sync-context.js';
import { RoundTally, type SyncEvents } from './sync-events.js';
import type { ResolvedSyncOptions } from './sync-options.js';

/** The engine's workers and their shared context. */
export interface EngineParts {
  readonly context: SyncContext;
  readonly pusher: Pusher;
  readonly puller: Puller;
  readonly schedule: ReconcileSchedule;
  readonly authRecheck: AuthRecheck;
  readonly resolutions: ConflictQueue;
}

/** Builds the parts of an engine over `options`, announcing on `emitter`. */
export function createEngineParts(
  options: ResolvedSyncOptions,
  emitter: EventEmitter<SyncEvents>,
): EngineParts {
  const context: SyncContext = {
    options,
    store: options.store,
    api: options.api,
    registry: new ConflictRegistry(options.store),
    emitter,
    rateLimits: new Map(),
    pulls: new PullState(),
    deadlines: new RetryDeadlines(options.monotonic),
    tally: new RoundTally(),
  };
  // Edit times and `lastSyncedAt` are recorded on this API client's server clock.
  const { clock } = options.api;
  options.store.useServerClock({
    editOffsetMs: () => (clock.getSnapshot().synchronized ? clock.offsetMs() : undefined),
    steadyOffsetMs: () => clock.steadyOffsetMs(),
  });
  return {
    context,
    pusher: new Pusher(context),
    puller: new Puller(context),
    schedule: new ReconcileSchedule(context),
    authRecheck: new AuthRecheck(options.timers),
    resolutions: new ConflictQueue(context),
  };
}
