/**
 * The devices of one convergence run: each a `createClient` with its own storage and secure
 * store (kept across restarts), a connectivity switch, and crashable seams. Also the healing
 * step (everything online, signed in, sync rounds until quiet, conflicts resolved) and the
 * snapshots the checks compare.
 */
import { DEFAULT_SESSION_KEY } from '../../../src/auth/credential-vault.js';
import { memorySecureStore, type SecureStore } from '../../../src/auth/secure-store.js';
import { createClient, type InfiniteStoriesClient } from '../../../src/client/create-client.js';
import type { CollectionName } from '../../../src/model/types.js';
import type { LogFields, Logger } from '../../../src/platform/logging/logger.js';
import { memoryStorage } from '../../../src/storage-adapters/memory-storage.js';
import type { SyncSummary } from '../../../src/sync/sync-events.js';
import { type FaultyStorage, faultyStorage } from '../../../src/testing/faulty-storage.js';
import {
  type FakeBackend,
  type ManualConnectivity,
  manualConnectivity,
} from '../../../src/testing/index.js';
import { AfterWriteHook, type JumpClock, jumpClock } from './core-faults.js';
import { type Incarnation, incarnation } from './crashable.js';
import type { Coll, Oracle, Snapshot } from './oracle.js';
import { REQUEST_TIMEOUT_MS, RequestTimers, type SlowServer } from './request-timeouts.js';
import type { VirtualTime } from './virtual-time.js';

/** Tuning shared by every device of a run. */
export interface FleetOptions {
  readonly baseUrl: string;
  /** The requests the server is slow for (they time out; see `request-timeouts.ts`). */
  readonly slow: SlowServer;
  /** Reconcile (full pull) every this many pulls. */
  readonly everyPulls: number;
  /** Receives a line per step, for debugging a failing case. */
  readonly trace?: ((line: string) => void) | undefined;
  /** Where requests go. @default the global fetch */
  readonly fetch?: typeof globalThis.fetch | undefined;
  /** The run's time: every clock and timer of the devices runs on it. */
  readonly time: VirtualTime;
}

/** The account every device signs in to. */
export interface Account {
  readonly email: string;
  readonly password: string;
  readonly name: string;
}

/** Statistics of a run (summed into the report of a whole property run). */
export interface RunStats {
  conflicts: number;
  /** Records merged with a concurrent server version (three-way, no user needed). */
  merges: number;
  failedMutations: number;
  restarts: number;
  syncErrors: number;
  healRounds: number;
  /** Wall time of the run's phases (ms): set-up, operations, healing and checks. */
  setUpMs: number;
  opsMs: number;
  healMs: number;
  /** Log records of live (not crashed) clients at `info` and above, by message. */
  logs: Record<string, number>;
  /** `error`-level log records of live clients (unexpected failures inside the SDK). */
  errors: string[];
}

export const newStats = (): RunStats => ({
  conflicts: 0,
  merges: 0,
  failedMutations: 0,
  restarts: 0,
  syncErrors: 0,
  healRounds: 0,
  setUpMs: 0,
  opsMs: 0,
  healMs: 0,
  logs: {},
  errors: [],
});

/** A logger that counts what a live incarnation logs (and traces it, when tracing). */
function countingLogger(
  stats: RunStats,
  life: Incarnation,
  device: number,
  trace: ((line: string) => void) | undefined,
): Logger {
  const count = (level: string, message: string, fields?: LogFields) => {
    if (life.crashed) return;
    trace?.(`d${device} ${level} ${message} ${JSON.stringify(fields ?? {})}`);
    const name = `${level} ${message}`;
    stats.logs[name] = (stats.logs[name] ?? 0) + 1;
    if (level === 'error') stats.errors.push(`d${device}: ${message} ${JSON.stringify(fields)}`);
  };
  return {
    debug: (message, fields) => {
      if (!life.crashed) trace?.(`d${device} debug ${message} ${JSON.stringify(fields ?? {})}`);
    },
    info: (message, fields) => count('info', message, fields),
    warn: (message, fields) => count('warn', message, fields),
    error: (message, fields) => count('error', message, fields),
  };
}

const TOKEN = /^([a-z]\d+)\./;

/** The identity of a hero or custom event is the token its name/title starts with. */
export function tokenOf(text: unknown): string | null {
  return typeof text === 'string' ? (TOKEN.exec(text)?.[1] ?? null) : null;
}

/** One device of the family. */
export class Device {
  readonly storage: FaultyStorage = faultyStorage(memoryStorage());
  readonly clock: JumpClock;
  readonly afterWrite = new AfterWriteHook();
  readonly secureStore: SecureStore = memorySecureStore();
  readonly net: ManualConnectivity = manualConnectivity();
  /** The client's timers: its request timeouts fire only on held requests, the rest on the run's time. */
  readonly timers: RequestTimers;
  #life: Incarnation | null = null;
  #client: InfiniteStoriesClient | null = null;

  constructor(
    readonly index: number,
    private readonly options: FleetOptions,
    private readonly oracle: Oracle,
    private readonly stats: RunStats,
  ) {
    const { time } = options;
    this.clock = jumpClock(() => time.now());
    this.timers = new RequestTimers(time);
  }

  get client(): InfiniteStoriesClient {
    if (!this.#client) throw new Error(`device ${this.index} is not open`);
    return this.#client;
  }

  /** Starts the app (again) over the device's storage and secure store. */
  async open(): Promise<void> {
    const fetch = this.options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    const life = incarnation(
      this.storage,
      this.secureStore,
      this.timers.wrap(fetch, this.options.slow),
    );
    const client = createClient({
      baseUrl: this.options.baseUrl,
      storage: life.storage,
      secureStore: life.secureStore,
      fetch: this.afterWrite.wrap(life.fetch),
      clock: this.clock,
      monotonicClock: { now: () => this.options.time.now() },
      connectivity: this.net,
      logger: countingLogger(this.stats, life, this.index, this.options.trace),
      keepAlive: false,
      timers: this.timers,
      timeoutMs: REQUEST_TIMEOUT_MS,
      // No jitter: a random delay would reorder the run's timers from one replay to the next.
      retry: { jitter: false },
      sync: {
        autoStart: false,
        retry: { baseDelayMs: 1, maxDelayMs: 5, jitter: false },
        reconcile: { everyPulls: this.options.everyPulls },
      },
    });
    this.#life = life;
    this.#client = client;
    client.on('conflict', (conflict) => {
      this.stats.conflicts++;
      this.#surface(
        conflict.collection,
        conflict.recordId,
        conflict.local,
        `conflict ${conflict.kind}`,
      );
    });
    client.on('record:changed', (event) => {
      if (event.source === 'merge') this.stats.merges++;
    });
    client.on('mutation:failed', (event) => {
      this.stats.failedMutations++;
      this.#surface(event.collection, event.localId, undefined, `failed ${event.op}`);
    });
    await client.ready;
    // Conflicts persisted by the previous incarnation (their event may have been lost in the crash).
    if (client.auth.userId !== null && client.auth.getSnapshot().status !== 'signed-out') {
      for (const conflict of client.conflicts.list()) {
        this.#surface(conflict.collection, conflict.recordId, conflict.local, 'conflict');
      }
    }
  }

  /** Kills the app: nothing it does from now on reaches storage, the secure store or the server. */
  async crash(): Promise<void> {
    const life = this.#life;
    const client = this.#client;
    if (!life || !client) return;
    life.crash();
    this.#client = null;
    this.#life = null;
    this.stats.restarts++;
    // Stop its timers; its writes fail, so this changes nothing durable.
    await client.close().catch(() => undefined);
  }

  async close(): Promise<void> {
    await this.#client?.close().catch(() => undefined);
    this.#client = null;
  }

  /** The raw session token this device holds (for `backend.expireSession`). */
  async sessionToken(): Promise<string | null> {
    const raw = await this.secureStore.get(DEFAULT_SESSION_KEY);
    if (raw === null) return null;
    const parsed: unknown = JSON.parse(raw);
    return typeof parsed === 'object' && parsed !== null && 'token' in parsed
      ? String((parsed as { token: unknown }).token)
      : null;
  }

  /** `syncNow()`, with any rejection counted and swallowed. */
  async sync(): Promise<SyncSummary | null> {
    try {
      const summary = await this.client.sync.syncNow();
      this.options.trace?.(`d${this.index} sync ${JSON.stringify(summary)}`);
      return summary;
    } catch (error) {
      this.stats.syncErrors++;
      this.options.trace?.(`d${this.index} sync failed: ${String(error)}`);
      return null;
    }
  }

  /** The identity of a local record, as the oracle names it. */
  identityOf(
    collection: CollectionName,
    localId: string,
    data?: Readonly<Record<string, unknown>>,
  ): string | null {
    const client = this.#client;
    if (collection === 'heroes') {
      return tokenOf(client?.heroes.get(localId)?.name ?? data?.name);
    }
    if (collection === 'customEvents') {
      return tokenOf(client?.customEvents.get(localId)?.title ?? data?.title);
    }
    if (collection === 'stories') return client?.stories.get(localId)?.serverId ?? localId;
    return null;
  }

  #surface(
    collection: CollectionName,
    localId: string,
    data: Readonly<Record<string, unknown>> | undefined,
    why: string,
  ): void {
    if (collection !== 'heroes' && collection !== 'customEvents' && collection !== 'stories')
      return;
    const identity = this.identityOf(collection, localId, data);
    this.oracle.surface(collection, identity ?? `?${localId}`, `d${this.index}: ${why}`);
    if (identity === null) this.oracle.surface(collection, '?', `d${this.index}: ${why}`);
  }
}

/** Server records of the user, as snapshots. */
export function serverSnapshot(backend: FakeBackend, userId: string): Record<Coll, Snapshot[]> {
  const mine = <T extends { userId: string }>(table: Map<string, T>) =>
    [...table.values()].filter((row) => row.userId === userId);
  const heroToken = new Map(mine(backend.db.heroes).map((h) => [h.id, tokenOf(h.name) ?? h.id]));
  const eventToken = new Map(
    mine(backend.db.customEvents).map((e) => [e.id, tokenOf(e.title) ?? e.id]),
  );
  return {
    heroes: mine(backend.db.heroes).map((h) => ({
      identity: tokenOf(h.name) ?? `!${h.id}`,
      fields: { name: h.name, age: h.age, traits: h.traits },
    })),
    customEvents: mine(backend.db.customEvents).map((e) => ({
      identity: tokenOf(e.title) ?? `!${e.id}`,
      fields: {
        title: e.title,
        description: e.description,
        tone: e.tone,
        isFavorite: e.isFavorite,
      },
    })),
    stories: mine(backend.db.stories).map((s) => ({
      identity: s.id,
      fields: {
        title: s.title,
        isFavorite: s.isFavorite,
        heroId: heroToken.get(s.heroId) ?? `!${s.heroId}`,
        customEventId:
          s.customEventId === null
            ? null
            : (eventToken.get(s.customEventId) ?? `!${s.customEventId}`),
      },
    })),
  };
}

/** What a device shows, as snapshots (plus problems that are not about values). */
export function deviceSnapshot(device: Device): {
  snapshot: Record<Coll, Snapshot[]>;
  problems: string[];
} {
  const { client } = device;
  const problems: string[] = [];
  const heroes = client.heroes.list();
  const events = client.customEvents.list();
  const stories = client.stories.list();
  for (const record of [...heroes, ...events, ...stories]) {
    if (record.serverId === null || record.syncStatus !== 'synced') {
      problems.push(
        `d${device.index}: ${record.id} is ${record.syncStatus} (serverId ${record.serverId})`,
      );
    }
  }
  const heroToken = (localId: string) => tokenOf(client.heroes.get(localId)?.name) ?? `!${localId}`;
  const eventToken = (localId: string | null) =>
    localId === null ? null : (tokenOf(client.customEvents.get(localId)?.title) ?? `!${localId}`);
  return {
    problems,
    snapshot: {
      heroes: heroes.map((h) => ({
        identity: tokenOf(h.name) ?? `!${h.id}`,
        fields: { name: h.name, age: h.age, traits: h.traits },
      })),
      customEvents: events.map((e) => ({
        identity: tokenOf(e.title) ?? `!${e.id}`,
        fields: {
          title: e.title,
          description: e.description,
          tone: e.tone,
          isFavorite: e.isFavorite,
        },
      })),
      stories: stories.map((s) => ({
        identity: s.serverId ?? s.id,
        fields: {
          title: s.title,
          isFavorite: s.isFavorite,
          heroId: heroToken(s.heroId),
          customEventId: eventToken(s.customEventId),
        },
      })),
    },
  };
}

/** Sorted, comparable text of snapshots. */
export function canonical(snapshot: Record<Coll, Snapshot[]>): Record<Coll, string[]> {
  const text = (rows: Snapshot[]) =>
    rows
      .map((row) => `${row.identity} ${JSON.stringify(row.fields, Object.keys(row.fields).sort())}`)
      .sort();
  return {
    heroes: text(snapshot.heroes),
    customEvents: text(snapshot.customEvents),
    stories: text(snapshot.stories),
  };
}
