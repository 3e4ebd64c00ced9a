/** Custom story events: optimistic CRUD through the outbox, plus online-only AI enhancement. */

import {
  type CreateCustomEventInput,
  createCustomEventInputSchema,
  type UpdateCustomEventInput,
  updateCustomEventInputSchema,
} from '../schemas/custom-event.js';
import type { JsonValue } from '../storage-adapters/storage-adapter.js';
import type { SortKey, StoreQuery } from '../store/query.js';
import { RecordReader } from './record-reader.js';
import type { CustomEventRecord, PageQuery, SortDirection } from './record-types.js';
import {
  absorbRow,
  asServerRow,
  type NetworkOptions,
  type RepositoryContext,
  requireOnline,
  requireServerId,
  validate,
  withSignal,
} from './repository-context.js';
import type { Subscribable } from './subscribable.js';

/** Query of `customEvents.list()` / `customEvents.observe()`. */
export interface CustomEventQuery extends PageQuery {
  /** Only events of this category (e.g. `adventure`). */
  readonly category?: string | undefined;
  /** Only favourites. */
  readonly favoritesOnly?: boolean | undefined;
  /**
   * Sort. `'default'` is the server's order: favourites first, then most used, then newest.
   * @default 'default'
   */
  readonly orderBy?: 'default' | 'createdAt' | 'title' | 'usageCount' | 'lastUsedAt' | undefined;
  /** For fields other than `'default'`. @default 'desc', except 'asc' for `title` */
  readonly direction?: SortDirection | undefined;
}

const SERVER_ORDER: readonly SortKey[] = [
  { field: 'isFavorite', direction: 'desc' },
  { field: 'usageCount', direction: 'desc' },
  { field: 'createdAt', direction: 'desc' },
];

/** The fields the server rewrites when it enhances an event. */
const ENHANCED_FIELDS = [
  'promptSeed',
  'keywords',
  'aiEnhanced',
  'aiEnhancementMetadata',
  'updatedAt',
];

/** The custom story events of the signed-in user. */
export class CustomEventRepository extends RecordReader<CustomEventRecord> {
  /** @internal */
  constructor(context: RepositoryContext) {
    super(context, 'customEvents');
  }

  /**
   * Creates an event locally (visible at once) and queues it. Validated with the server's
   * rules (`title` 1–200, `promptSeed` 1–2000, …). `isFavorite` cannot be set on create (the
   * server ignores it): update it afterwards.
   */
  async create(input: CreateCustomEventInput): Promise<CustomEventRecord> {
    const fields = validate('customEvents.create', createCustomEventInputSchema, input);
    return this.insert(fields);
  }

  /** Changes fields locally (including `isFavorite`) and queues the update. */
  async update(id: string, patch: UpdateCustomEventInput): Promise<CustomEventRecord> {
    const fields = validate('customEvents.update', updateCustomEventInputSchema, patch);
    return this.patch(id, fields, 'customEvents.update');
  }

  /** Hides the event at once and queues its deletion (stories keep existing without it). */
  async delete(id: string): Promise<void> {
    await this.context.store.delete('customEvents', id);
  }

  /** Events matching `query`, in the server's order by default. Never waits. */
  list(query: CustomEventQuery = {}): readonly CustomEventRecord[] {
    return this.select('customEvents.list', toStoreQuery(query));
  }

  /** A live `list(query)`. */
  observe(query: CustomEventQuery = {}): Subscribable<readonly CustomEventRecord[]> {
    return this.watch('customEvents.observe', toStoreQuery(query));
  }

  /**
   * Has the server's AI rewrite the event's prompt and keywords (online only; refused by the
   * server when already enhanced). The result is stored.
   */
  async enhance(id: string, options: NetworkOptions = {}): Promise<CustomEventRecord> {
    const operation = 'customEvents.enhance';
    const api = requireOnline(this.context, operation);
    const serverId = requireServerId(this.context, 'customEvents', id, operation);
    const row = await api.customEvents.enhance(serverId, withSignal(this.context, options));
    await absorbRow(this.context.store, 'customEvents', asServerRow(row), ENHANCED_FIELDS);
    return this.requireVisible(id, operation);
  }
}

function toStoreQuery(query: CustomEventQuery): StoreQuery {
  const where: Record<string, JsonValue> = {};
  if (query.category !== undefined) where.category = query.category;
  if (query.favoritesOnly) where.isFavorite = true;
  const field = query.orderBy ?? 'default';
  const orderBy: readonly SortKey[] =
    field === 'default'
      ? SERVER_ORDER
      : [{ field, direction: query.direction ?? (field === 'title' ? 'asc' : 'desc') }];
  return { where, orderBy, offset: query.offset, limit: query.limit };
}
