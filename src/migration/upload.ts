/** The upload steps: heroes → visual profiles → custom events → stories. */
import type { MigratedCollection } from './checkpoint.js';
import { type MigrationContext, saveCheckpoint } from './migration-context.js';
import type { MigrationStep } from './migration-progress.js';
import { type CreateStep, createAll, withRetries } from './recovery.js';
import { eventStep, heroStep, profileStep, storyStep } from './upload-steps.js';

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

async function createInChunks(
  context: MigrationContext,
  step: MigrationStep & MigratedCollection,
  create: CreateStep,
  legacyIds: readonly string[],
  size: number,
): Promise<void> {
  const total = legacyIds.length;
  let done = 0;
  context.progress.report(step, 0, total);
  for (const part of chunk(legacyIds, size)) {
    await createAll(context, create, part);
    done += part.length;
    const last = part[part.length - 1] ?? '';
    const serverId = context.checkpoint.ids[step][last] ?? null;
    context.progress.report(step, done, total, { collection: step, legacyId: last, serverId });
  }
}

/**
 * Runs follow-up PATCHes (idempotent) not done yet, recording each with the `updatedAt` its
 * answer gave (the migration's own last write of the row, see `written`).
 */
async function patchAll(
  context: MigrationContext,
  items: readonly {
    key: string;
    what: string;
    patch: () => Promise<{ id: string; updatedAt: string }>;
  }[],
): Promise<void> {
  for (const item of items) {
    if (context.checkpoint.patched.includes(item.key)) continue;
    const row = await withRetries(context, item.what, item.patch);
    await saveCheckpoint(context, {
      patched: [...context.checkpoint.patched, item.key],
      written: { ...context.checkpoint.written, [row.id]: row.updatedAt },
    });
  }
}

/** Heroes in chunks of ≤ 100, then their `appearance` (the batch route drops it). */
export async function uploadHeroes(context: MigrationContext): Promise<void> {
  const { heroes } = context.prepared;
  const ids = heroes.map((hero) => hero.legacyId);
  await createInChunks(context, 'heroes', heroStep(context), ids, context.batchSize);
  const { signal } = context;
  await patchAll(
    context,
    heroes.flatMap((hero) => {
      const appearance = hero.appearance;
      const serverId = context.checkpoint.ids.heroes[hero.legacyId];
      if (appearance === null || serverId === undefined) return [];
      return [
        {
          key: `heroes:${hero.legacyId}`,
          what: `the appearance of hero ${hero.legacyId}`,
          patch: () => {
            context.progress.request();
            return context.api.heroes.update(serverId, { appearance }, { signal });
          },
        },
      ];
    }),
  );
}

/** Visual profiles, one request each. */
export async function uploadProfiles(context: MigrationContext): Promise<void> {
  const ids = context.prepared.profiles.map((profile) => profile.legacyHeroId);
  await createInChunks(context, 'visualProfiles', profileStep(context), ids, 1);
}

/** Custom events, one request each, then their favourite flag (create ignores it). */
export async function uploadEvents(context: MigrationContext): Promise<void> {
  const { events } = context.prepared;
  const ids = events.map((event) => event.legacyId);
  await createInChunks(context, 'customEvents', eventStep(context), ids, 1);
  const { signal } = context;
  await patchAll(
    context,
    events.flatMap((event) => {
      const serverId = context.checkpoint.ids.customEvents[event.legacyId];
      if (!event.favorite || serverId === undefined) return [];
      return [
        {
          key: `customEvents:${event.legacyId}`,
          what: `the favourite flag of custom event ${event.legacyId}`,
          patch: () => {
            context.progress.request();
            return context.api.customEvents.update(serverId, { isFavorite: true }, { signal });
          },
        },
      ];
    }),
  );
}

/** Stories in chunks of ≤ 100, with hero and custom event ids mapped. */
export async function uploadStories(context: MigrationContext): Promise<void> {
  const ids = context.prepared.stories.map((story) => story.id);
  await createInChunks(context, 'stories', storyStep(context), ids, context.batchSize);
}
