/**
 * Visual profiles: one per hero, addressed by the hero's local id. Create, update and delete go
 * through the outbox; `extract` (AI, from the hero's avatar) is online-only.
 */
import { ValidationError } from '../errors/index.js';
import type { WireData } from '../model/types.js';
import { type VisualProfileInput, visualProfileInputSchema } from '../schemas/visual-profile.js';
import { LiveQueryCache } from './live-query-cache.js';
import type { VisualProfileRecord } from './record-types.js';
import {
  absorbRow,
  asServerRow,
  type NetworkOptions,
  newRecordFields,
  notFound,
  type RepositoryContext,
  requireOnline,
  requireServerId,
  validate,
  withSignal,
} from './repository-context.js';
import type { Subscribable } from './subscribable.js';

/** The visual profiles of the signed-in user's heroes. */
export class VisualProfileRepository {
  readonly #live = new LiveQueryCache();

  /** @internal */
  constructor(private readonly context: RepositoryContext) {}

  /** The profile of hero `heroId` (local id), or `undefined`. Never waits. */
  get(heroId: string): VisualProfileRecord | undefined {
    return this.context.store.list('visualProfiles', { where: { heroId }, limit: 1 })[0] as
      | VisualProfileRecord
      | undefined;
  }

  /** A live `get(heroId)`: the same object for the same hero while it is in use. */
  observe(heroId: string): Subscribable<VisualProfileRecord | undefined> {
    return this.#live.get(heroId, () => {
      const list = this.context.store.observe('visualProfiles', { where: { heroId }, limit: 1 });
      return {
        getSnapshot: () => list.getSnapshot()[0] as VisualProfileRecord | undefined,
        subscribe: (listener: () => void) => list.subscribe(listener),
      };
    });
  }

  /**
   * Creates the hero's profile locally and queues it. `ValidationError` when the hero does not
   * exist or already has a profile (use `update`).
   */
  async create(heroId: string, input: VisualProfileInput): Promise<VisualProfileRecord> {
    const operation = 'visualProfiles.create';
    const fields = validate(operation, visualProfileInputSchema, input);
    if (!this.context.store.get('heroes', heroId)) throw notFound(operation, heroId, 'heroId');
    if (this.get(heroId)) {
      throw new ValidationError({
        operation,
        field: 'heroId',
        message: `hero "${heroId}" already has a visual profile; update it instead`,
      });
    }
    return (await this.context.store.create(
      'visualProfiles',
      newRecordFields(this.context, fields, { heroId }),
    )) as unknown as VisualProfileRecord;
  }

  /** Changes fields of the hero's profile locally and queues the update. */
  async update(heroId: string, patch: VisualProfileInput): Promise<VisualProfileRecord> {
    const operation = 'visualProfiles.update';
    const fields = validate(operation, visualProfileInputSchema, patch);
    const profile = this.require(heroId, operation);
    if (Object.keys(fields).length === 0) return profile;
    return (await this.context.store.update(
      'visualProfiles',
      profile.id,
      fields as WireData,
    )) as unknown as VisualProfileRecord;
  }

  /** Hides the hero's profile at once and queues its deletion. */
  async delete(heroId: string): Promise<void> {
    const profile = this.require(heroId, 'visualProfiles.delete');
    await this.context.store.delete('visualProfiles', profile.id);
  }

  /**
   * Has the server derive the profile from the hero's avatar (online only; the hero needs an
   * avatar). Creates or replaces the profile, and stores it.
   */
  async extract(heroId: string, options: NetworkOptions = {}): Promise<VisualProfileRecord> {
    const operation = 'visualProfiles.extract';
    const api = requireOnline(this.context, operation);
    const heroServerId = requireServerId(this.context, 'heroes', heroId, operation, 'heroId');
    const existing = this.get(heroId);
    if (existing && existing.serverId === null) {
      throw new ValidationError({
        operation,
        field: 'heroId',
        message: `hero "${heroId}" has a visual profile created offline that is not synced yet; sync first`,
      });
    }
    const row = await api.heroes.visualProfile.extract(
      heroServerId,
      withSignal(this.context, options),
    );
    const fields = Object.keys(row).filter((field) => field !== 'id' && field !== 'heroId');
    await absorbRow(this.context.store, 'visualProfiles', asServerRow(row), fields);
    return this.require(heroId, operation);
  }

  private require(heroId: string, operation: string): VisualProfileRecord {
    const profile = this.get(heroId);
    if (!profile) {
      throw new ValidationError({
        operation,
        field: 'heroId',
        message: `hero "${heroId}" has no visual profile`,
      });
    }
    return profile;
  }
}
