/** Hero visual profiles: one per hero, keyed by `heroId`. */
import { visualProfileInputSchema, visualProfileSchema } from '../../schemas/visual-profile.js';
import { defineCollection, keysOf } from '../collection-descriptor.js';

const createFields = keysOf(visualProfileInputSchema);

/** The visual profile descriptor. */
export const visualProfiles = defineCollection({
  name: 'visualProfiles',
  row: visualProfileSchema,
  generated: ['createdAt', 'updatedAt'],
  fixed: ['heroId'],
  references: [{ field: 'heroId', target: 'heroes' }],
  localDefaults: Object.fromEntries(createFields.map((field) => [field, null])),
  create: { fields: createFields, serverDefaults: {} },
});
