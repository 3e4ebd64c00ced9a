/** `/api/v1/heroes/:heroId/visual-profile`. */
import {
  type VisualProfile,
  type VisualProfileDeleted,
  type VisualProfileInput,
  visualProfileDeletedSchema,
  visualProfileInputSchema,
  visualProfileSchema,
} from '../schemas/visual-profile.js';
import type { CallOptions, CreateCallOptions } from './options.js';
import { requireId, validateInput } from './request-input.js';
import type { Transport } from './transport.js';

/**
 * A hero's visual profile. None of these writes changes the hero's `updatedAt`, so
 * `heroes.list({ updatedAfter })` never reveals them.
 */
export interface VisualProfileApi {
  /** `GET`; 404 (`HttpError`) when the hero has no profile. */
  get(heroId: string, options?: CallOptions): Promise<VisualProfile>;
  /** `POST`; 409 (`HttpError`, code `Conflict`) when one exists. Never retried. */
  create(
    heroId: string,
    input: VisualProfileInput,
    options?: CreateCallOptions,
  ): Promise<VisualProfile>;
  /** `PATCH`; 404 when the hero has no profile. */
  update(heroId: string, patch: VisualProfileInput, options?: CallOptions): Promise<VisualProfile>;
  /** `DELETE` → `{ heroId }`. */
  delete(heroId: string, options?: CallOptions): Promise<VisualProfileDeleted>;
  /** `POST …/extract`: AI extraction from the avatar (400 without one); upserts. Never retried. */
  extract(heroId: string, options?: CreateCallOptions): Promise<VisualProfile>;
}

const path = (operation: string, heroId: string): string =>
  `api/v1/heroes/${requireId(operation, 'heroId', heroId)}/visual-profile`;

/** Builds the visual-profile endpoints over `transport`. */
export function createVisualProfileApi(transport: Transport): VisualProfileApi {
  return {
    get: async (heroId, options) =>
      transport.send(
        {
          operation: 'heroes.visualProfile.get',
          method: 'GET',
          path: path('heroes.visualProfile.get', heroId),
          response: visualProfileSchema,
        },
        options,
      ),
    create: async (heroId, input, options = {}) =>
      transport.send(
        {
          operation: 'heroes.visualProfile.create',
          method: 'POST',
          path: path('heroes.visualProfile.create', heroId),
          body: validateInput('heroes.visualProfile.create', visualProfileInputSchema, input),
          response: visualProfileSchema,
          idempotencyKey: options.idempotencyKey,
        },
        options,
      ),
    update: async (heroId, patch, options) =>
      transport.send(
        {
          operation: 'heroes.visualProfile.update',
          method: 'PATCH',
          path: path('heroes.visualProfile.update', heroId),
          body: validateInput('heroes.visualProfile.update', visualProfileInputSchema, patch),
          response: visualProfileSchema,
        },
        options,
      ),
    delete: async (heroId, options) =>
      transport.send(
        {
          operation: 'heroes.visualProfile.delete',
          method: 'DELETE',
          path: path('heroes.visualProfile.delete', heroId),
          response: visualProfileDeletedSchema,
        },
        options,
      ),
    extract: async (heroId, options = {}) =>
      transport.send(
        {
          operation: 'heroes.visualProfile.extract',
          method: 'POST',
          path: `${path('heroes.visualProfile.extract', heroId)}/extract`,
          body: {},
          response: visualProfileSchema,
          generation: true,
          idempotencyKey: options.idempotencyKey,
        },
        options,
      ),
  };
}
