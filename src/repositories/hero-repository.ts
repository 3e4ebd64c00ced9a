/**
 * Heroes: optimistic create/update/delete through the outbox, reads from the local store, and
 * online-only avatar generation.
 */

import { avatarRefOf, type MediaRef } from '../media/media-ref.js';
import {
  type CreateHeroInput,
  createHeroInputSchema,
  type GenerateAvatarInput,
  generateAvatarInputSchema,
  type UpdateHeroInput,
  updateHeroInputSchema,
} from '../schemas/hero.js';
import type { StoreQuery } from '../store/query.js';
import { RecordReader } from './record-reader.js';
import type { HeroRecord, PageQuery, SortDirection } from './record-types.js';
import {
  type NetworkOptions,
  type RepositoryContext,
  requireOnline,
  requireServerId,
  validate,
  withSignal,
} from './repository-context.js';
import type { Subscribable } from './subscribable.js';

/** Query of `heroes.list()` / `heroes.observe()`. */
export interface HeroQuery extends PageQuery {
  /** Sort field. @default 'createdAt' */
  readonly orderBy?: 'createdAt' | 'updatedAt' | 'name' | 'age' | undefined;
  /** @default 'desc' for dates, 'asc' otherwise */
  readonly direction?: SortDirection | undefined;
}

/** The heroes of the signed-in user. */
export class HeroRepository extends RecordReader<HeroRecord> {
  /** @internal */
  constructor(context: RepositoryContext) {
    super(context, 'heroes');
  }

  /**
   * Creates a hero locally (visible at once, `syncStatus: 'pendingCreate'`) and queues it for
   * the server. Validated with the server's rules first (`ValidationError` naming the field;
   * nothing stored). Resolves once the hero and its outbox entry are durable.
   */
  async create(input: CreateHeroInput): Promise<HeroRecord> {
    const fields = validate('heroes.create', createHeroInputSchema, input);
    return this.insert(fields);
  }

  /**
   * Changes fields of a hero locally and queues the update (coalesced with earlier queued
   * changes). Empty strings are refused for fields the server cannot clear.
   */
  async update(id: string, patch: UpdateHeroInput): Promise<HeroRecord> {
    const fields = validate('heroes.update', updateHeroInputSchema, patch);
    return this.patch(id, fields, 'heroes.update');
  }

  /**
   * Hides the hero at once and queues its deletion. The server also deletes its stories,
   * illustrations and visual profile; the device drops them when the deletion is confirmed.
   */
  async delete(id: string): Promise<void> {
    await this.context.store.delete('heroes', id);
  }

  /** Heroes, newest first by default. Never waits for the network. */
  list(query: HeroQuery = {}): readonly HeroRecord[] {
    return this.select('heroes.list', toStoreQuery(query));
  }

  /** A live `list(query)`. */
  observe(query: HeroQuery = {}): Subscribable<readonly HeroRecord[]> {
    return this.watch('heroes.observe', toStoreQuery(query));
  }

  /**
   * The hero's avatar as a media ref for `client.media` (`null` while it has none, or for an
   * unknown hero). The ref changes only when a new avatar is generated, never with the URL.
   */
  avatarRef(id: string): MediaRef | null {
    const hero = this.get(id);
    return hero ? avatarRefOf(hero) : null;
  }

  /**
   * Generates the hero's avatar on the server (online only, slow, 3 per hour; never retried:
   * a 429 surfaces as `RateLimitError`). The new avatar is written into the local hero.
   */
  async generateAvatar(
    id: string,
    input: GenerateAvatarInput = {},
    options: NetworkOptions = {},
  ): Promise<HeroRecord> {
    const operation = 'heroes.generateAvatar';
    const body = validate(operation, generateAvatarInputSchema, input);
    const api = requireOnline(this.context, operation);
    const serverId = requireServerId(this.context, 'heroes', id, operation);
    const result = await api.heroes.generateAvatar(
      serverId,
      body,
      withSignal(this.context, options),
    );
    await this.context.store.applyServerFields('heroes', id, {
      avatarUrl: result.avatarUrl,
      avatarGenerationId: result.generationId,
    });
    return this.requireVisible(id, operation);
  }
}

function toStoreQuery(query: HeroQuery): StoreQuery {
  const field = query.orderBy ?? 'createdAt';
  const dated = field === 'createdAt' || field === 'updatedAt';
  return {
    orderBy: [{ field, direction: query.direction ?? (dated ? 'desc' : 'asc') }],
    offset: query.offset,
    limit: query.limit,
  };
}
