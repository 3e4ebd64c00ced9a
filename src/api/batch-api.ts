/** `/api/batch` and `/api/batch/stories`: migration imports. */
import * as z from 'zod/mini';
import { ValidationError } from '../errors/index.js';
import {
  BATCH_MAX_ITEMS,
  type BatchHeroesResult,
  type BatchHeroInput,
  type BatchStoriesResult,
  type BatchStoryInput,
  batchHeroesResultSchema,
  batchHeroInputSchema,
  batchStoriesResultSchema,
  batchStoryInputSchema,
} from '../schemas/batch.js';
import type { CreateCallOptions } from './options.js';
import { validateInput } from './request-input.js';
import type { Transport } from './transport.js';

/**
 * The batch import endpoints. They are **not idempotent** (never retried; re-posting creates
 * duplicates), answer with their own envelope, and a `success: false` answer can list
 * `serverId`s that were rolled back — verify each before using it.
 */
export interface BatchApi {
  /** `POST /api/batch`: up to 100 heroes; `id` is your local id, echoed as `localId`. */
  importHeroes(
    heroes: readonly BatchHeroInput[],
    options?: CreateCallOptions,
  ): Promise<BatchHeroesResult>;
  /** `POST /api/batch/stories`: up to 100 stories of heroes that already have server ids. */
  importStories(
    stories: readonly BatchStoryInput[],
    options?: CreateCallOptions,
  ): Promise<BatchStoriesResult>;
}

const heroesBody = z.object({ heroes: z.array(batchHeroInputSchema) });
const storiesBody = z.object({ stories: z.array(batchStoryInputSchema) });

function checkSize(operation: string, field: string, items: readonly unknown[]): void {
  if (!Array.isArray(items)) {
    throw new ValidationError({ operation, field, message: 'must be an array' });
  }
  if (items.length > BATCH_MAX_ITEMS) {
    throw new ValidationError({
      operation,
      field,
      message: `has ${items.length} items; at most ${BATCH_MAX_ITEMS} per call (split into chunks)`,
    });
  }
}

/** Builds the batch endpoints over `transport`. */
export function createBatchApi(transport: Transport): BatchApi {
  return {
    importHeroes: async (heroes, options = {}) => {
      const operation = 'batch.importHeroes';
      checkSize(operation, 'heroes', heroes);
      const body = validateInput(operation, heroesBody, { heroes });
      return transport.send(
        {
          operation,
          method: 'POST',
          path: 'api/batch',
          body,
          response: batchHeroesResultSchema,
          envelope: false,
          idempotencyKey: options.idempotencyKey,
        },
        options,
      );
    },
    importStories: async (stories, options = {}) => {
      const operation = 'batch.importStories';
      checkSize(operation, 'stories', stories);
      const body = validateInput(operation, storiesBody, { stories });
      return transport.send(
        {
          operation,
          method: 'POST',
          path: 'api/batch/stories',
          body,
          response: batchStoriesResultSchema,
          envelope: false,
          idempotencyKey: options.idempotencyKey,
        },
        options,
      );
    },
  };
}
