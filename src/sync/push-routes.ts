/**
 * Which endpoint sends each outbox entry: a route table by collection and operation. A pair
 * the backend does not offer is refused with a `ValidationError` (the entry can be discarded).
 */
import type { ApiClient } from '../api/api-client.js';
import type { CallOptions, CreateCallOptions } from '../api/options.js';
import { ValidationError } from '../errors/index.js';
import type { CollectionName, OutboxEntry, WireData } from '../model/types.js';
import type { CreateCustomEventInput, UpdateCustomEventInput } from '../schemas/custom-event.js';
import type { CreateHeroInput, UpdateHeroInput } from '../schemas/hero.js';
import type { UpdateStoryInput } from '../schemas/story.js';
import type { VisualProfileInput } from '../schemas/visual-profile.js';
import type { ServerRow } from '../store/id-map.js';
import type { SendResult, SendTarget } from './push-requests.js';
import { createStory } from './story-create.js';

/** What a route is called with. */
interface RouteCall {
  readonly api: ApiClient;
  readonly target: SendTarget;
  /** The record's server id (`''` for a create). */
  readonly id: string;
  /** For visual profiles: the hero's server id. */
  readonly heroId: string;
  readonly patch: WireData;
  readonly call: CallOptions;
  /** Call options of a create (with the idempotency key, when one is sent). */
  readonly create: CreateCallOptions;
}

type Route = (call: RouteCall) => Promise<SendResult>;

const done = (): SendResult => ({});

/**
 * The routes. Create bodies are the patch as the store kept it: the repositories validated it
 * with the create schema before it was queued, hence the casts to the input types.
 */
const ROUTES: { readonly [C in CollectionName]: Readonly<Record<string, Route>> } = {
  heroes: {
    create: async (c) => ({
      row: await c.api.heroes.create(c.patch as CreateHeroInput, c.create),
    }),
    update: async (c) => ({
      row: await c.api.heroes.update(c.id, c.patch as UpdateHeroInput, c.call),
    }),
    delete: (c) => c.api.heroes.delete(c.id, c.call).then(done),
  },
  customEvents: {
    create: async (c) => ({
      row: await c.api.customEvents.create(c.patch as CreateCustomEventInput, c.create),
    }),
    update: async (c) => ({
      row: await c.api.customEvents.update(c.id, c.patch as UpdateCustomEventInput, c.call),
    }),
    delete: (c) => c.api.customEvents.delete(c.id, c.call).then(done),
  },
  visualProfiles: {
    create: async (c) => ({
      row: await c.api.heroes.visualProfile.create(
        c.heroId,
        c.patch as VisualProfileInput,
        c.create,
      ),
    }),
    update: async (c) => ({
      row: await c.api.heroes.visualProfile.update(c.heroId, c.patch as VisualProfileInput, c.call),
    }),
    delete: (c) => c.api.heroes.visualProfile.delete(c.heroId, c.call).then(done),
  },
  stories: {
    create: (c) => createStory(c.api, c.target, c.create),
    update: async (c) => ({
      // `illustrations` may be absent (an optional include): a row all the same.
      row: (await c.api.stories.update(c.id, c.patch as UpdateStoryInput, c.call)) as ServerRow,
    }),
    delete: (c) => c.api.stories.delete(c.id, c.call).then(done),
    play: async (c) => ({ row: await c.api.stories.play(c.id, c.call) }),
  },
  illustrations: {},
};

function unsupported(entry: OutboxEntry): ValidationError {
  return new ValidationError({
    operation: `sync.push ${entry.collection}.${entry.op}`,
    field: 'op',
    message: `is not an operation the backend offers for ${entry.collection}; discard it`,
  });
}

/** Sends one entry. Throws the API client's typed errors. */
export function sendEntry(
  api: ApiClient,
  target: SendTarget,
  options: { readonly signal: AbortSignal; readonly idempotencyKey?: string | undefined },
): Promise<SendResult> {
  const { entry, patch } = target;
  const routes = ROUTES[entry.collection];
  const route = Object.hasOwn(routes, entry.op) ? routes[entry.op] : undefined;
  if (!route) return Promise.reject(unsupported(entry));
  const call: CallOptions = { signal: options.signal };
  const create: CreateCallOptions =
    options.idempotencyKey === undefined
      ? call
      : { ...call, idempotencyKey: options.idempotencyKey };
  return route({
    api,
    target,
    id: target.serverId ?? '',
    heroId: target.heroServerId ?? '',
    patch,
    call,
    create,
  });
}
