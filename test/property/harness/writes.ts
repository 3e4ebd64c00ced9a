/**
 * The app's writes in a convergence run, each recorded in the oracle once its promise resolved
 * (an intent). Names and descriptions carry unique values (`h3.u7`), so the oracle can tell
 * which intent produced the value a device shows.
 */
import type { Device } from './fleet.js';
import { tokenOf } from './fleet.js';
import type { Op } from './operations.js';
import type { Oracle } from './oracle.js';

const ticks = async (n: number): Promise<void> => {
  for (let i = 0; i < n; i++) await new Promise<void>((resolve) => setImmediate(resolve));
};

const pickFrom = <T>(list: readonly T[], pick: number): T | undefined =>
  list[pick % Math.max(1, list.length)];

/** Performs writes on devices and records them. */
export class Writes {
  #tokens = 0;
  #values = 0;

  constructor(private readonly oracle: Oracle) {}

  async createHero(device: Device, age: number) {
    const token = `h${++this.#tokens}`;
    const fields = { name: `${token}.c`, age, traits: ['brave'] };
    const hero = await device.client.heroes.create(fields);
    this.oracle.record({
      device: device.index,
      coll: 'heroes',
      identity: token,
      kind: 'create',
      fields,
      before: undefined,
    });
    return hero;
  }

  async createEvent(device: Device) {
    const token = `e${++this.#tokens}`;
    const fields = {
      title: `${token}.t`,
      promptSeed: 'A day out',
      description: `${token}.c`,
      tone: 'cheerful',
    };
    const event = await device.client.customEvents.create(fields);
    this.oracle.record({
      device: device.index,
      coll: 'customEvents',
      identity: token,
      kind: 'create',
      fields: {
        title: fields.title,
        description: fields.description,
        tone: fields.tone,
        isFavorite: false,
      },
      before: undefined,
    });
    return event;
  }

  async updateHero(device: Device, op: Extract<Op, { kind: 'updateHero' }>): Promise<void> {
    const hero = pickFrom(device.client.heroes.list(), op.pick);
    const token = tokenOf(hero?.name);
    if (!hero || token === null) return;
    const patch: { name?: string; age?: number } = {};
    if (op.rename || op.age === null) patch.name = `${token}.u${++this.#values}`;
    if (op.age !== null) patch.age = op.age;
    await device.client.heroes.update(hero.id, patch);
    this.oracle.record({
      device: device.index,
      coll: 'heroes',
      identity: token,
      kind: 'update',
      fields: patch,
      before: hero,
    });
  }

  async updateEvent(device: Device, op: Extract<Op, { kind: 'updateEvent' }>): Promise<void> {
    const event = pickFrom(device.client.customEvents.list(), op.pick);
    const token = tokenOf(event?.title);
    if (!event || token === null) return;
    const patch: { description?: string; tone?: string; isFavorite?: boolean } = {};
    if (op.describe || (op.tone === null && op.isFavorite === null)) {
      patch.description = `${token}.u${++this.#values}`;
    }
    if (op.tone !== null) patch.tone = op.tone;
    if (op.isFavorite !== null) patch.isFavorite = op.isFavorite;
    await device.client.customEvents.update(event.id, patch);
    this.oracle.record({
      device: device.index,
      coll: 'customEvents',
      identity: token,
      kind: 'update',
      fields: patch,
      before: event,
    });
  }

  async updateStory(device: Device, op: Extract<Op, { kind: 'updateStory' }>): Promise<void> {
    const story = pickFrom(device.client.stories.list(), op.pick);
    if (!story) return;
    const patch: { title?: string; isFavorite?: boolean } = {};
    if (op.retitle || op.isFavorite === null) patch.title = `s${++this.#values}`;
    if (op.isFavorite !== null) patch.isFavorite = op.isFavorite;
    await device.client.stories.update(story.id, patch);
    this.oracle.record({
      device: device.index,
      coll: 'stories',
      identity: story.serverId ?? story.id,
      kind: 'update',
      fields: patch,
      before: story,
    });
  }

  async delete(device: Device, coll: 'heroes' | 'customEvents', pick: number): Promise<void> {
    const list: ReadonlyArray<{ readonly id: string; readonly syncStatus: string }> =
      coll === 'heroes' ? device.client.heroes.list() : device.client.customEvents.list();
    const record = pickFrom(list, pick);
    if (!record) return;
    const identity = device.identityOf(coll, record.id);
    if (identity === null) return;
    if (coll === 'heroes') await device.client.heroes.delete(record.id);
    else await device.client.customEvents.delete(record.id);
    this.oracle.record({
      device: device.index,
      coll,
      identity,
      kind: 'delete',
      fields: {},
      before: record as unknown as Record<string, unknown>,
      // Its unsent edits are coalesced into the delete: they never reach the server.
      overUnsent: record.syncStatus !== 'synced',
    });
  }

  /**
   * Renames a hero and crashes the device `after` event-loop turns later, then starts it
   * again. A rename confirmed before the crash is an intent; one that was not may or may not
   * have become durable.
   */
  async crashDuringWrite(device: Device, pick: number, after: number): Promise<void> {
    const hero = pickFrom(device.client.heroes.list(), pick);
    const token = tokenOf(hero?.name);
    if (!hero || token === null) return;
    const patch = { name: `${token}.u${++this.#values}` };
    let resolved = false;
    const write = device.client.heroes.update(hero.id, patch).then(() => {
      resolved = true;
    });
    await ticks(after);
    const confirmed = resolved; // what the app knew when it died
    await device.crash();
    await write.catch(() => undefined);
    if (confirmed) {
      this.oracle.record({
        device: device.index,
        coll: 'heroes',
        identity: token,
        kind: 'update',
        fields: patch,
        before: hero,
      });
    } else {
      this.oracle.maybe('heroes', token, patch);
    }
    await device.open();
  }
}
