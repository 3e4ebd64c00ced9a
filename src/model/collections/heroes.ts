/** Heroes. */
import { createHeroInputSchema, heroRowSchema } from '../../schemas/hero.js';
import { defineCollection, keysOf } from '../collection-descriptor.js';

/** The hero descriptor. */
export const heroes = defineCollection({
  name: 'heroes',
  row: heroRowSchema,
  includes: ['visualProfile', 'stories', '_count'],
  generated: [
    'userId',
    'createdAt',
    'updatedAt',
    'avatarUrl',
    'avatarPrompt',
    'avatarGenerationId',
    'visualProfileId',
  ],
  cascades: [
    { collection: 'stories', field: 'heroId' },
    { collection: 'visualProfiles', field: 'heroId' },
  ],
  localDefaults: {
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
  create: { fields: keysOf(createHeroInputSchema), serverDefaults: {} },
});
