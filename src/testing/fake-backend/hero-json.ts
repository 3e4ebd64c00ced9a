import type { FakeBackendContext } from './context.js';
import { byCreatedAtDesc } from './http.js';
import type { HeroRow, StoryRow, VisualProfileRow } from './state.js';

/** A hero as Prisma returns it (column order), with `avatarUrl` signed. */
export function heroJson(context: FakeBackendContext, hero: HeroRow): Record<string, unknown> {
  return {
    id: hero.id,
    name: hero.name,
    age: hero.age,
    userId: hero.userId,
    hairColor: hero.hairColor,
    eyeColor: hero.eyeColor,
    skinTone: hero.skinTone,
    height: hero.height,
    traits: hero.traits,
    specialAbilities: hero.specialAbilities,
    appearance: hero.appearance,
    avatarUrl: context.media.sign(hero.avatarUrl),
    avatarPrompt: hero.avatarPrompt,
    avatarGenerationId: hero.avatarGenerationId,
    visualProfileId: hero.visualProfileId,
    createdAt: hero.createdAt,
    updatedAt: hero.updatedAt,
  };
}

/** The hero's visual profile row (keyed by `heroId`), or `null`. */
export function findVisualProfile(
  context: FakeBackendContext,
  heroId: string,
): VisualProfileRow | null {
  for (const profile of context.db.visualProfiles.values()) {
    if (profile.heroId === heroId) return profile;
  }
  return null;
}

/** A story row with its `audioUrl` signed. */
export function storyJson(context: FakeBackendContext, story: StoryRow): Record<string, unknown> {
  return { ...story, audioUrl: context.media.sign(story.audioUrl) };
}

/** The hero's stories, newest first. */
export function heroStories(context: FakeBackendContext, heroId: string): StoryRow[] {
  return [...context.db.stories.values()].filter((s) => s.heroId === heroId).sort(byCreatedAtDesc);
}

/** A hero with `visualProfile` and, when asked, its `take` newest stories (signed). */
export function heroWithRelations(
  context: FakeBackendContext,
  hero: HeroRow,
  include: { stories?: number; count?: boolean },
): Record<string, unknown> {
  const json: Record<string, unknown> = {
    ...heroJson(context, hero),
    visualProfile: findVisualProfile(context, hero.id),
  };
  const stories =
    include.stories !== undefined || include.count ? heroStories(context, hero.id) : [];
  if (include.stories !== undefined) {
    json.stories = stories.slice(0, include.stories).map((s) => storyJson(context, s));
  }
  if (include.count) json._count = { stories: stories.length };
  return json;
}
