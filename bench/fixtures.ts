/** Deterministic data for the benchmarks: hero inputs and server rows (browser-safe). */
import type { CreateHeroInput } from '../src/schemas/hero.js';
import type { ServerRow } from '../src/store/id-map.js';

/** The user namespace every benchmark store uses. */
export const BENCH_USER = 'bench-user';

const TRAITS = ['brave', 'curious', 'kind', 'funny', 'clever', 'gentle', 'bold', 'shy'];

/** The `i`-th hero of a create run: a typical app input (~250 bytes of JSON). */
export function heroInput(i: number): CreateHeroInput {
  return {
    name: `Hero number ${i}`,
    age: 3 + (i % 10),
    traits: [TRAITS[i % 8] as string, TRAITS[(i + 3) % 8] as string, 'adventurous'],
    hairColor: 'chestnut brown',
    eyeColor: 'green',
    specialAbilities: ['talks to animals'],
    appearance: 'A small hero with a red cape, muddy boots and a big smile.',
  };
}

/** A 25-character cuid-like server id. */
export function serverId(kind: 'h' | 's', i: number): string {
  return `c${kind}${i.toString(36).padStart(23, '0')}`;
}

const ISO_START = Date.parse('2025-01-01T00:00:00.000Z');
const iso = (i: number): string => new Date(ISO_START + i * 60_000).toISOString();

/** A hero row as the server returns it (synced record once stored). */
export function heroRow(i: number): ServerRow {
  return {
    id: serverId('h', i),
    name: `Hero number ${i}`,
    age: 3 + (i % 10),
    userId: 'bench-user-server-id',
    hairColor: 'chestnut brown',
    eyeColor: 'green',
    skinTone: null,
    height: null,
    traits: [TRAITS[i % 8] as string, 'adventurous'],
    specialAbilities: ['talks to animals'],
    appearance: 'A small hero with a red cape, muddy boots and a big smile.',
    avatarUrl: `https://cdn.example.com/avatars/${serverId('h', i)}.png?sig=abcdef0123456789`,
    avatarPrompt: null,
    avatarGenerationId: null,
    visualProfileId: null,
    createdAt: iso(i),
    updatedAt: iso(i),
  };
}

/** Characters of story text per story row. */
export const STORY_CONTENT_CHARS = 2_000;

const SENTENCE = 'Once upon a time a small hero walked into the forest to find a lost star. ';
const CONTENT = SENTENCE.repeat(Math.ceil(STORY_CONTENT_CHARS / SENTENCE.length)).slice(
  0,
  STORY_CONTENT_CHARS,
);

/** A story row as the server returns it; `heroCount` heroes exist, stories spread over them. */
export function storyRow(i: number, heroCount: number): ServerRow {
  return {
    id: serverId('s', i),
    heroId: serverId('h', i % heroCount),
    userId: 'bench-user-server-id',
    title: `The lost star, part ${i}`,
    content: CONTENT,
    language: 'en',
    eventType: i % 3 === 0 ? 'bedtime' : null,
    customEventId: null,
    audioUrl: null,
    audioGenerationStatus: 'pending',
    audioGenerationError: null,
    audioDuration: null,
    illustrationStatus: 'pending',
    illustrationCount: 0,
    isFavorite: i % 7 === 0,
    lastPlayedAt: null,
    playCount: 0,
    generationMetadata: {
      prompt: { heroName: `Hero number ${i % heroCount}` },
      scenesExtracted: false,
    },
    createdAt: iso(i),
    updatedAt: iso(i),
  };
}
