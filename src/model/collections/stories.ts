/** Stories. */
import { storyRowSchema } from '../../schemas/story.js';
import { defineCollection } from '../collection-descriptor.js';

/** The story descriptor. Stories are created on the device through the import route. */
export const stories = defineCollection({
  name: 'stories',
  row: storyRowSchema,
  includes: ['hero', 'customEvent', 'illustrations', '_count'],
  generated: [
    'userId',
    'createdAt',
    'updatedAt',
    'audioUrl',
    'audioGenerationStatus',
    'audioGenerationError',
    'audioDuration',
    'illustrationStatus',
    'illustrationCount',
    'playCount',
    'lastPlayedAt',
    'generationMetadata',
  ],
  fixed: ['heroId', 'eventType', 'customEventId'],
  references: [
    { field: 'heroId', target: 'heroes' },
    { field: 'customEventId', target: 'customEvents' },
  ],
  cascades: [{ collection: 'illustrations', field: 'storyId' }],
  create: {
    fields: ['heroId', 'title', 'content', 'language', 'eventType', 'customEventId'],
    serverDefaults: { language: 'en' },
  },
});
