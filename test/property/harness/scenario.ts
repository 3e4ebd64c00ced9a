/**
 * One run of the convergence property: three devices of one new account on a fresh fake
 * backend, shared data made online first (two heroes, a custom event, two generated stories),
 * then the random operations with their faults, then healing and the checks.
 */
import type { FakeBackend } from '../../../src/testing/index.js';
import {
  type Account,
  Device,
  type FleetOptions,
  newStats,
  type RunStats,
  tokenOf,
} from './fleet.js';
import { checkAll, type Family, heal, PushDeadlines } from './healing.js';
import type { Method, Op } from './operations.js';
import { Oracle } from './oracle.js';
import { SlowServer } from './request-timeouts.js';
import { sameEveryTime } from './same-every-time.js';
import { OP_STEP_MS, type VirtualTime } from './virtual-time.js';
import { Writes } from './writes.js';

/** Options of {@link runScenario}. */
export interface ScenarioOptions {
  readonly devices: number;
  readonly everyPulls: number;
  /** Healing: at most this many sync cycles (every device once) per phase. */
  readonly maxHealCycles: number;
  /** Receives a line per step, for debugging a failing case. */
  readonly trace?: ((line: string) => void) | undefined;
  /** Where the devices' requests go. @default the global fetch (msw) */
  readonly fetch?: typeof globalThis.fetch | undefined;
  /** The run's time, which the backend's clock must follow too (`createFakeBackend({ now })`). */
  readonly time: VirtualTime;
}

/** What a run found. */
export interface ScenarioResult {
  /** Violations of the invariants (empty when the run is correct). */
  readonly problems: string[];
  readonly stats: RunStats;
}

/** Faults target the app API only (never sign-in), so healing can always sign in again. */
const API = /^\/api\/v1\//;

const ticks = async (n: number): Promise<void> => {
  for (let i = 0; i < n; i++) await new Promise<void>((resolve) => setImmediate(resolve));
};

let accounts = 0;

/**
 * Runs `ops` and checks the invariants. The devices' requests go to `options.fetch` (or the
 * global fetch, where msw must serve `backend`).
 */
export async function runScenario(
  backend: FakeBackend,
  ops: readonly Op[],
  options: ScenarioOptions,
): Promise<ScenarioResult> {
  accounts++;
  const account: Account = {
    email: `prop.${process.pid}.${accounts}@example.test`,
    password: 'password-123',
    name: `Family ${accounts}`,
  };
  const oracle = new Oracle();
  const stats = newStats();
  const slow = new SlowServer();
  const fleet: FleetOptions = {
    baseUrl: backend.baseUrl,
    slow,
    everyPulls: options.everyPulls,
    trace: options.trace,
    fetch: options.fetch,
    time: options.time,
  };
  const devices = Array.from(
    { length: options.devices },
    (_, index) => new Device(index, fleet, oracle, stats),
  );
  const world = new World(backend, account, devices, new Writes(oracle), oracle, slow);
  const problems: string[] = [];
  const restore = sameEveryTime();
  try {
    let started = performance.now();
    await world.setUp();
    stats.setUpMs += performance.now() - started;
    started = performance.now();
    for (const op of ops) {
      options.time.advance(OP_STEP_MS);
      options.trace?.(`op ${JSON.stringify(op)}`);
      try {
        await world.apply(op);
      } catch (error) {
        problems.push(`${JSON.stringify(op)} threw ${String(error)}`);
      }
    }
    await world.settleBackground();
    stats.opsMs += performance.now() - started;
    started = performance.now();
    options.trace?.('heal');
    const family: Family = {
      backend,
      account,
      userId: world.userId,
      devices,
      oracle,
      stats,
      maxCycles: options.maxHealCycles,
      late: new PushDeadlines(),
    };
    await heal(family);
    problems.push(...checkAll(family));
    stats.healMs += performance.now() - started;
  } finally {
    await Promise.all(devices.map((device) => device.close()));
    restore();
  }
  return { problems, stats };
}

/** The devices of a run and the operations on them. */
class World {
  /** Syncs started by `syncInBackground`, awaited before healing. */
  readonly #background: Promise<unknown>[] = [];
  userId = '';

  constructor(
    private readonly backend: FakeBackend,
    private readonly account: Account,
    private readonly devices: readonly Device[],
    private readonly writes: Writes,
    private readonly oracle: Oracle,
    private readonly slow: SlowServer,
  ) {}

  /** Waits for the syncs started in the background. */
  async settleBackground(): Promise<void> {
    await Promise.all(this.#background.splice(0));
  }

  #device(index: number): Device {
    const device = this.devices[index % this.devices.length];
    if (!device) throw new Error(`no device ${index}`);
    return device;
  }

  async setUp(): Promise<void> {
    const [first, ...others] = this.devices;
    if (!first) throw new Error('no devices');
    await first.open();
    await first.client.auth.signUp(this.account);
    this.userId = first.client.auth.userId ?? '';
    for (const device of others) {
      await device.open();
      await device.client.auth.signIn(this.account);
    }
    const luna = await this.writes.createHero(first, 7);
    const max = await this.writes.createHero(first, 5);
    const event = await this.writes.createEvent(first);
    await this.#syncSurely(first);
    for (const [hero, customEventId] of [
      [luna, event],
      [max, undefined],
    ] as const) {
      const story = await first.client.stories.generate({
        heroId: hero.id,
        language: 'en',
        ...(customEventId === undefined ? {} : { customEventId: customEventId.id }),
      });
      this.oracle.record({
        device: -1,
        coll: 'stories',
        identity: story.serverId ?? story.id,
        kind: 'origin',
        fields: { title: story.title, isFavorite: story.isFavorite },
        before: undefined,
        parent: tokenOf(hero.name),
      });
    }
    for (const device of others) await this.#syncSurely(device);
  }

  /** A setup sync, until everything is sent: a spurious timeout on a busy machine is retried. */
  async #syncSurely(device: Device): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await device.client.sync.syncNow();
        if (device.client.sync.getSnapshot().pendingCount === 0) return;
        if (attempt >= 8) throw new Error(`setup: device ${device.index} could not sync`);
      } catch (error) {
        if (attempt >= 8) throw error;
      }
    }
  }

  async apply(op: Op): Promise<void> {
    switch (op.kind) {
      case 'createHero':
        await this.writes.createHero(this.#device(op.d), op.age);
        return;
      case 'updateHero':
        return this.writes.updateHero(this.#device(op.d), op);
      case 'deleteHero':
        return this.writes.delete(this.#device(op.d), 'heroes', op.pick);
      case 'createEvent':
        await this.writes.createEvent(this.#device(op.d));
        return;
      case 'updateEvent':
        return this.writes.updateEvent(this.#device(op.d), op);
      case 'deleteEvent':
        return this.writes.delete(this.#device(op.d), 'customEvents', op.pick);
      case 'updateStory':
        return this.writes.updateStory(this.#device(op.d), op);
      case 'offline':
        this.#device(op.d).net.goOffline();
        return;
      case 'online':
        this.#device(op.d).net.goOnline();
        return;
      case 'sync': {
        const device = this.#device(op.d);
        if (device.net.isOnline()) await device.sync();
        return;
      }
      case 'syncInBackground': {
        const device = this.#device(op.d);
        if (device.net.isOnline()) this.#background.push(device.sync());
        return;
      }
      case 'syncAll':
        await Promise.all(
          this.devices.filter((device) => device.net.isOnline()).map((device) => device.sync()),
        );
        return;
      case 'serverError': {
        this.backend.faults.failNext(op.count, {
          status: op.status,
          match: this.#match(op.method),
        });
        await this.#busiest(op.d)?.sync();
        return;
      }
      case 'lostAck': {
        this.backend.faults.dropResponse(1, this.#match(op.method));
        await this.#busiest(op.d)?.sync();
        return;
      }
      case 'slowSync': {
        const device = this.#device(op.d);
        if (!device.net.isOnline()) return;
        // Its matching requests never answer: they end when their timeout fires.
        const stop = this.slow.slow({ method: op.method, path: API });
        try {
          await device.sync();
        } finally {
          stop();
        }
        return;
      }
      case 'expireSession':
        return this.#expire(this.#device(op.d), op.ticks);
      case 'signIn': {
        const device = this.#device(op.d);
        if (device.client.auth.getSnapshot().status !== 'signed-in') {
          await device.client.auth.signIn(this.account);
        }
        return;
      }
      case 'restart':
        return this.#restart(this.#device(op.d), op.ticks);
      case 'clockJump':
        this.#device(op.d).clock.jump(op.ms);
        return;
      case 'ackStorageFailure': {
        const device = this.#busiest(op.d);
        if (!device) return;
        device.afterWrite.arm(() => device.storage.failNextBatch(new Error('disk full')));
        await device.sync();
        device.afterWrite.disarm();
        return;
      }
      case 'crashDuringWrite':
        return this.writes.crashDuringWrite(this.#device(op.d), op.pick, op.ticks);
    }
  }

  /** The first online device from `d` on with changes to send (so a fault meets a write). */
  #busiest(d: number): Device | undefined {
    const online = this.devices.filter((device) => device.net.isOnline());
    const n = this.devices.length;
    for (let i = 0; i < n; i++) {
      const device = this.#device(d + i);
      if (device.net.isOnline() && device.client.sync.getSnapshot().pendingCount > 0) return device;
    }
    return online.find((device) => device.index === d % n) ?? online[0];
  }

  #match(method: Method | null) {
    return method === null ? { path: API } : { method, path: API };
  }

  async #expire(device: Device, after: number): Promise<void> {
    const token = await device.sessionToken();
    if (token === null) return;
    const expire = () => {
      try {
        this.backend.expireSession(token);
      } catch {
        // The session is already gone.
      }
    };
    if (!device.net.isOnline()) {
      expire();
      return;
    }
    const round = device.sync();
    await ticks(after);
    expire();
    await round;
  }

  async #restart(device: Device, after: number | null): Promise<void> {
    if (after !== null && device.net.isOnline()) {
      const round = device.sync();
      await ticks(after);
      await device.crash();
      await round;
    } else {
      await device.crash();
    }
    await device.open();
  }
}
