/** Custom events. */
import { createCustomEventInputSchema, customEventSchema } from '../../schemas/custom-event.js';
import { defineCollection, keysOf } from '../collection-descriptor.js';

const serverDefaults = {
  description: '',
  category: 'general',
  ageRange: null,
  tone: 'cheerful',
  keywords: Object.freeze([]),
} as const;

/** The custom event descriptor. */
export const customEvents = defineCollection({
  name: 'customEvents',
  row: customEventSchema,
  generated: [
    'userId',
    'createdAt',
    'updatedAt',
    'pictogramEmoji',
    'pictogramSymbols',
    'aiEnhanced',
    'aiEnhancementMetadata',
    'usageCount',
    'lastUsedAt',
  ],
  localDefaults: {
    description: serverDefaults.description,
    category: serverDefaults.category,
    ageRange: null,
    tone: serverDefaults.tone,
    pictogramEmoji: null,
    pictogramSymbols: null,
    aiEnhanced: false,
    aiEnhancementMetadata: null,
    keywords: serverDefaults.keywords,
    usageCount: 0,
    isFavorite: false,
    lastUsedAt: null,
  },
  create: { fields: keysOf(createCustomEventInputSchema), serverDefaults },
});
