/**
 * How each kind of item is created and, when its outcome is unknown, looked up:
 *
 * | items | sent through | looked up by |
 * |---|---|---|
 * | heroes | `POST /api/batch`, chunks of ≤ 100 | heroes updated since the start, matched on the sent fields |
 * | visual profiles | `POST /heroes/:id/visual-profile` | `GET` of the hero's profile (one per hero) |
 * | custom events | `POST /custom-events` | the event list, matched on the sent fields |
 * | stories | `POST /api/batch/stories`, chunks of ≤ 100 | stories updated since the start, matched |
 */
import { isHttpError } from '../errors/index.js';
import type { BatchStoryInput } from '../schemas/batch.js';
import type { ExpectedFields } from './legacy-mapping.js';
import { mapStory } from './legacy-mapping.js';
import { type MigrationContext, takenIds } from './migration-context.js';
import type { PreparedEvent, PreparedHero, PreparedProfile } from './prepare.js';
import type { CreateStep, SendResult } from './recovery.js';
import { matchRows, recentEvents, recentHeroes, recentStories } from './server-rows.js';

function byId<T>(items: readonly T[], key: (item: T) => string): Map<string, T> {
  return new Map(items.map((item) => [key(item), item]));
}

function pick<T>(map: ReadonlyMap<string, T>, ids: readonly string[]): T[] {
  return ids.map((id) => {
    const item = map.get(id);
    if (item === undefined) throw new Error(`migration: unknown legacy id "${id}"`);
    return item;
  });
}

function batchResult(answer: {
  success: boolean;
  results: {
    created: readonly { localId: string; serverId: string }[];
    failed: readonly { localId: string; error: string }[];
  };
}): SendResult {
  return {
    created: new Map(answer.results.created.map((c) => [c.localId, c.serverId])),
    failed: new Map(answer.results.failed.map((f) => [f.localId, f.error])),
    // After a database error the server rolls everything back but still lists the ids.
    trusted: answer.success,
  };
}

/** Heroes through `POST /api/batch`. */
export function heroStep(context: MigrationContext): CreateStep {
  const heroes = byId<PreparedHero>(context.prepared.heroes, (h) => h.legacyId);
  return {
    collection: 'heroes',
    async send(ids, signal) {
      context.progress.request();
      const inputs = pick(heroes, ids).map((hero) => hero.input);
      return batchResult(await context.api.batch.importHeroes(inputs, { signal }));
    },
    async find(ids) {
      const rows = await recentHeroes(context);
      return matchRows(pick(heroes, ids), rows, takenIds(context, 'heroes'));
    },
  };
}

/** A story mapped with the server ids of its hero and custom event. */
export function mappedStory(
  context: MigrationContext,
  legacyId: string,
): { input: BatchStoryInput; expected: ExpectedFields } {
  const story = context.prepared.storyById.get(legacyId);
  const { ids } = context.checkpoint;
  const heroId = story ? ids.heroes[story.heroId] : undefined;
  if (!story || heroId === undefined) {
    throw new Error(`migration: story "${legacyId}" has no uploaded hero`);
  }
  const eventId =
    story.customEventId == null ? null : (ids.customEvents[story.customEventId] ?? null);
  return mapStory(story, heroId, eventId);
}

/** Stories through `POST /api/batch/stories` (hero and event ids mapped). */
export function storyStep(context: MigrationContext): CreateStep {
  const cache = new Map<string, { input: BatchStoryInput; expected: ExpectedFields }>();
  const mapped = (id: string) => {
    let story = cache.get(id);
    if (!story) {
      story = mappedStory(context, id);
      cache.set(id, story);
    }
    return story;
  };
  return {
    collection: 'stories',
    async send(ids, signal) {
      context.progress.request();
      const inputs = ids.map((id) => mapped(id).input);
      return batchResult(await context.api.batch.importStories(inputs, { signal }));
    },
    async find(ids) {
      const rows = await recentStories(context);
      const pending = ids.map((legacyId) => ({ legacyId, expected: mapped(legacyId).expected }));
      return matchRows(pending, rows, takenIds(context, 'stories'));
    },
  };
}

/** Custom events through `POST /custom-events`, one request each. */
export function eventStep(context: MigrationContext): CreateStep {
  const events = byId<PreparedEvent>(context.prepared.events, (e) => e.legacyId);
  return {
    collection: 'customEvents',
    async send(ids, signal) {
      const created = new Map<string, string>();
      for (const event of pick(events, ids)) {
        context.progress.request();
        const row = await context.api.customEvents.create(event.input, { signal });
        created.set(event.legacyId, row.id);
      }
      return { created, failed: new Map(), trusted: true };
    },
    async find(ids) {
      const rows = await recentEvents(context);
      return matchRows(pick(events, ids), rows, takenIds(context, 'customEvents'));
    },
  };
}

function heroServerId(context: MigrationContext, legacyHeroId: string): string {
  const id = context.checkpoint.ids.heroes[legacyHeroId];
  if (id === undefined) throw new Error(`migration: hero "${legacyHeroId}" was not uploaded`);
  return id;
}

/** Visual profiles, one request each; a hero has at most one, so a 409 means it is there. */
export function profileStep(context: MigrationContext): CreateStep {
  const profiles = byId<PreparedProfile>(context.prepared.profiles, (p) => p.legacyHeroId);
  const lookUp = async (legacyHeroId: string, signal: AbortSignal) => {
    context.progress.request();
    try {
      const profile = await context.api.heroes.visualProfile.get(
        heroServerId(context, legacyHeroId),
        { signal },
      );
      return profile.id;
    } catch (error) {
      if (isHttpError(error) && error.status === 404) return null;
      throw error;
    }
  };
  return {
    collection: 'visualProfiles',
    async send(ids, signal) {
      const created = new Map<string, string>();
      for (const profile of pick(profiles, ids)) {
        const heroId = heroServerId(context, profile.legacyHeroId);
        context.progress.request();
        try {
          const row = await context.api.heroes.visualProfile.create(heroId, profile.input, {
            signal,
          });
          created.set(profile.legacyHeroId, row.id);
        } catch (error) {
          if (!isHttpError(error) || error.status !== 409) throw error;
          const existing = await lookUp(profile.legacyHeroId, signal);
          if (existing !== null) created.set(profile.legacyHeroId, existing);
        }
      }
      return { created, failed: new Map(), trusted: true };
    },
    async find(ids, signal) {
      const found = new Map<string, string>();
      for (const id of ids) {
        const existing = await lookUp(id, signal);
        if (existing !== null) found.set(id, existing);
      }
      return found;
    },
  };
}
