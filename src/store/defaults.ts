/**
 * What a record created on the device shows for the fields only the server fills in (ids of
 * generated media, counters, flags with server defaults). Records keep only what the app gave
 * (that is also what the outbox sends); views fill the rest from here until the server's
 * version arrives. Values follow the backend's column defaults (CONTRACT.md §2).
 */
import type { CollectionName, WireData } from './types.js';

/** Field defaults per collection. `userId` is added for collections that have it. */
export const LOCAL_DEFAULTS: Readonly<Record<CollectionName, WireData>> = {
  heroes: {
    hairColor: null,
    eyeColor: null,
    skinTone: null,
    height: null,
    specialAbilities: null,
    appearance: null,
    avatarUrl: null,
    avatarPrompt: null,
    avatarGenerationId: null,
    visualProfileId: null,
  },
  customEvents: {
    description: '',
    category: 'general',
    ageRange: null,
    tone: 'cheerful',
    pictogramEmoji: null,
    pictogramSymbols: null,
    aiEnhanced: false,
    aiEnhancementMetadata: null,
    keywords: Object.freeze([]),
    usageCount: 0,
    isFavorite: false,
    lastUsedAt: null,
  },
  visualProfiles: {
    hairStyle: null,
    hairColor: null,
    hairTexture: null,
    eyeColor: null,
    eyeShape: null,
    skinTone: null,
    facialFeatures: null,
    bodyType: null,
    height: null,
    age: null,
    typicalClothing: null,
    colorPalette: null,
    accessories: null,
    artStyle: null,
    visualKeywords: null,
    canonicalPrompt: null,
    simplifiedPrompt: null,
  },
  stories: {},
  illustrations: {},
};

/** Collections whose rows carry the owner's `userId`. */
export const OWNED_COLLECTIONS: ReadonlySet<CollectionName> = new Set([
  'heroes',
  'stories',
  'customEvents',
]);
