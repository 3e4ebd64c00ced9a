/**
 * Valid wire objects for API-client unit tests, copied from the recorded real exchanges
 * (fixtures/real-backend 049, 058, 086, 099, 129, 132, 136, 137, 139, 140, 142, 156, 158, 121).
 * Each builder takes overrides so a test can break exactly one field.
 */

export const USER_ID = 'LMmv2LmcMzCxXJkAfpwnJ6xXqnWhbV3n';
export const HERO_ID = 'cmwy1qq6z001dsu7dv35uz34h';
export const STORY_ID = 'cmwy1quqc001psu7dp7blhqyj';
export const EVENT_ID = 'cmwy1qskj001hsu7dffk7odlk';
export const PROFILE_ID = 'cmwy1qrwv001gsu7dirtsvcp8';
export const SESSION_ID = 'cmwy1qwm2001tsu7dfnjb01xx';
export const ILLUSTRATION_ID = 'cmwy1qwm2001tsu7dfnjb01yy';
export const T0 = '2026-11-26T21:10:21.459Z';
export const T1 = '2026-11-26T21:10:23.067Z';

type Json = Record<string, unknown>;

/** A cuid-shaped id numbered `n` (for generated lists). */
export function cuidNo(n: number): string {
  return `c${n.toString(36).padStart(24, '0')}`;
}

export function heroRow(overrides: Json = {}): Json {
  return {
    id: HERO_ID,
    name: 'Luna',
    age: 6,
    userId: USER_ID,
    hairColor: null,
    eyeColor: null,
    skinTone: null,
    height: null,
    traits: ['brave', 'curious'],
    specialAbilities: null,
    appearance: null,
    avatarUrl: null,
    avatarPrompt: null,
    avatarGenerationId: null,
    visualProfileId: null,
    createdAt: T0,
    updatedAt: T0,
    ...overrides,
  };
}

export function hero(overrides: Json = {}): Json {
  return heroRow({ visualProfile: null, ...overrides });
}

export function heroListItem(overrides: Json = {}): Json {
  return hero({ _count: { stories: 0 }, ...overrides });
}

export function visualProfile(overrides: Json = {}): Json {
  return {
    id: PROFILE_ID,
    heroId: HERO_ID,
    hairStyle: 'short curly',
    hairColor: 'auburn',
    hairTexture: null,
    eyeColor: 'blue',
    eyeShape: null,
    skinTone: 'fair',
    facialFeatures: null,
    bodyType: null,
    height: null,
    age: 6,
    typicalClothing: null,
    colorPalette: ['#ff0000', '#00ff00'],
    accessories: null,
    artStyle: 'watercolor',
    visualKeywords: ['cape', 'boots'],
    canonicalPrompt: 'A brave girl',
    simplifiedPrompt: null,
    createdAt: T0,
    updatedAt: T0,
    ...overrides,
  };
}

export function storyRow(overrides: Json = {}): Json {
  return {
    id: STORY_ID,
    heroId: HERO_ID,
    userId: USER_ID,
    title: 'Imported story one',
    content: 'Once upon a time there was a brave girl called Luna.',
    language: 'en',
    eventType: 'Bedtime Adventure',
    customEventId: null,
    audioUrl: null,
    audioGenerationStatus: 'pending',
    audioGenerationError: null,
    audioDuration: 42.5,
    illustrationStatus: 'none',
    illustrationCount: 0,
    isFavorite: true,
    lastPlayedAt: null,
    playCount: 0,
    generationMetadata: null,
    createdAt: T0,
    updatedAt: T0,
    ...overrides,
  };
}

export function storyListItem(overrides: Json = {}): Json {
  return storyRow({
    hero: { id: HERO_ID, name: 'Luna', avatarUrl: null },
    _count: { illustrations: 0 },
    ...overrides,
  });
}

export function storyDetail(overrides: Json = {}): Json {
  return storyRow({
    hero: { id: HERO_ID, name: 'Luna', age: 6, avatarUrl: null, traits: ['brave'] },
    customEvent: null,
    _count: { illustrations: 0 },
    ...overrides,
  });
}

export function illustration(overrides: Json = {}): Json {
  return {
    id: ILLUSTRATION_ID,
    storyId: STORY_ID,
    imageUrl: '',
    imagePrompt: 'A girl with a cape',
    sceneDescription: 'Luna flies',
    displayOrder: 0,
    audioTimestamp: 0,
    audioDuration: 12.5,
    generationId: null,
    previousGenerationId: null,
    generationStatus: 'pending',
    generationError: null,
    retryCount: 0,
    createdAt: T0,
    updatedAt: T0,
    ...overrides,
  };
}

export function customEvent(overrides: Json = {}): Json {
  return {
    id: EVENT_ID,
    userId: USER_ID,
    title: 'First day of school',
    description: '',
    promptSeed: 'The hero goes to school for the first time',
    category: 'general',
    ageRange: null,
    tone: 'cheerful',
    pictogramEmoji: null,
    pictogramSymbols: null,
    aiEnhanced: false,
    aiEnhancementMetadata: null,
    keywords: [],
    usageCount: 0,
    isFavorite: false,
    lastUsedAt: null,
    createdAt: T0,
    updatedAt: T0,
    ...overrides,
  };
}

export function user(overrides: Json = {}): Json {
  return {
    id: USER_ID,
    email: 'alice@example.test',
    emailVerified: false,
    name: 'Alice Test',
    image: null,
    createdAt: T0,
    updatedAt: T0,
    totalStoriesGenerated: 0,
    totalAudioGenerated: 0,
    totalIllustrationsGenerated: 0,
    lastStoryGeneratedAt: null,
    ...overrides,
  };
}

export function userProfile(overrides: Json = {}): Json {
  return user({ _count: { heroes: 5, customEvents: 1, stories: 0 }, ...overrides });
}

const limit = (max: number) => ({ remaining: max, limit: max, resetAt: T1 });

export function usage(overrides: Json = {}): Json {
  return {
    period: { startDate: T0, endDate: T1 },
    summary: {
      totalRequests: 4,
      successfulRequests: 0,
      failedRequests: 4,
      successRate: 0,
      totalCost: 0,
      totalTokens: 0,
    },
    byOperation: [
      {
        operation: 'story_generation',
        totalRequests: 2,
        successfulRequests: 0,
        failedRequests: 2,
        totalCost: 0,
        totalTokens: 0,
        averageDuration: 661,
      },
    ],
    rateLimits: {
      story_generation: limit(5),
      audio_generation: limit(10),
      avatar_generation: limit(3),
      illustration_generation: limit(20),
      ai_assistant: limit(30),
    },
    userStats: {
      totalStoriesGenerated: 0,
      totalAudioGenerated: 0,
      totalIllustrationsGenerated: 0,
      lastStoryGeneratedAt: null,
    },
    ...overrides,
  };
}

export function listeningSession(overrides: Json = {}): Json {
  return {
    id: SESSION_ID,
    userId: USER_ID,
    storyId: STORY_ID,
    startedAt: T0,
    endedAt: null,
    duration: 30,
    completed: true,
    createdAt: T0,
    updatedAt: T0,
    ...overrides,
  };
}

export function pagination(total: number, limitValue = 50, offset = 0): Json {
  return { total, limit: limitValue, offset, hasMore: offset + limitValue < total };
}

/** `{ data, message? }`. */
export function envelope(data: unknown, message?: string): Json {
  return message === undefined ? { data } : { data, message };
}
