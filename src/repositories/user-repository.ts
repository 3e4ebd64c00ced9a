/**
 * The user's profile and usage: network-first with a cache fallback. Every
 * successful read is cached in the user's namespace, so the last known values are available
 * offline and after a restart.
 */

import type * as z from 'zod/mini';
import type { UsageQuery } from '../api/user-api.js';
import { isNetworkError, isOfflineError, isTimeoutError, OfflineError } from '../errors/index.js';
import { systemClock } from '../platform/clock.js';
import {
  type UpdateProfileInput,
  type User,
  type UserProfile,
  type UserUsage,
  updateProfileInputSchema,
  userProfileSchema,
  userUsageSchema,
} from '../schemas/user.js';
import type { JsonValue } from '../storage-adapters/storage-adapter.js';
import {
  type NetworkOptions,
  type RepositoryContext,
  requireOnline,
  validate,
  withSignal,
} from './repository-context.js';

/** A cached value and when it was fetched (epoch ms, device clock). */
export interface CachedValue<T> {
  readonly value: T;
  readonly fetchedAt: number;
}

const PROFILE = 'user/profile';
const USAGE = 'user/usage';

/** The signed-in user's profile and usage limits. */
export class UserRepository {
  /** @internal */
  constructor(private readonly context: RepositoryContext) {}

  /**
   * The profile (with counts of heroes, events, stories): from the server when reachable,
   * otherwise the last cached one. Rejects (`OfflineError`, `NetworkError`…) only when there is
   * no cached profile to fall back to.
   */
  profile(options: NetworkOptions = {}): Promise<UserProfile> {
    return this.networkFirst('user.profile', PROFILE, userProfileSchema, (api) =>
      api.user.profile(withSignal(this.context, options)),
    );
  }

  /**
   * Changes the display name on the server (online only). Resolves with the server's user row
   * and refreshes the cached profile.
   */
  async updateProfile(patch: UpdateProfileInput, options: NetworkOptions = {}): Promise<User> {
    const operation = 'user.updateProfile';
    const body = validate(operation, updateProfileInputSchema, patch);
    const api = requireOnline(this.context, operation);
    const user = await api.user.updateProfile(body, withSignal(this.context, options));
    const cached = this.cachedProfile();
    if (cached) await this.writeCache(PROFILE, { ...cached.value, ...user });
    return user;
  }

  /**
   * Usage and rate limits (`rateLimits.story_generation.remaining`…; read them before
   * generating): from the server when reachable, otherwise the last cached default-period
   * usage. A custom period (`query`) is never cached.
   */
  usage(query?: UsageQuery, options: NetworkOptions = {}): Promise<UserUsage> {
    if (query && Object.keys(query).length > 0) {
      const api = requireOnline(this.context, 'user.usage');
      return api.user.usage(query, withSignal(this.context, options));
    }
    return this.networkFirst('user.usage', USAGE, userUsageSchema, (api) =>
      api.user.usage({}, withSignal(this.context, options)),
    );
  }

  /** The last cached profile, without any network call. */
  cachedProfile(): CachedValue<UserProfile> | undefined {
    return this.readCache(PROFILE, userProfileSchema);
  }

  /** The last cached usage, without any network call. */
  cachedUsage(): CachedValue<UserUsage> | undefined {
    return this.readCache(USAGE, userUsageSchema);
  }

  private async networkFirst<T>(
    operation: string,
    name: string,
    schema: z.ZodMiniType<T>,
    fetch: (api: NonNullable<RepositoryContext['api']>) => Promise<T>,
  ): Promise<T> {
    const cached = this.readCache(name, schema);
    const { api, connectivity } = this.context;
    if (!api || (connectivity && !connectivity.isOnline())) {
      if (cached) return cached.value;
      throw new OfflineError(operation);
    }
    try {
      const value = await fetch(api);
      await this.writeCache(name, value);
      return value;
    } catch (error) {
      const unreachable = isNetworkError(error) || isTimeoutError(error) || isOfflineError(error);
      if (unreachable && cached) return cached.value;
      throw error;
    }
  }

  private readCache<T>(name: string, schema: z.ZodMiniType<T>): CachedValue<T> | undefined {
    const stored = this.context.store.getMeta(name);
    if (typeof stored !== 'object' || stored === null || Array.isArray(stored)) return undefined;
    const { value, fetchedAt } = stored as { value?: unknown; fetchedAt?: unknown };
    const parsed = schema.safeParse(value);
    if (!parsed.success || typeof fetchedAt !== 'number') return undefined;
    return { value: parsed.data, fetchedAt };
  }

  private async writeCache(name: string, value: unknown): Promise<void> {
    const fetchedAt = (this.context.now ?? systemClock.now)();
    // A cache write that fails must not fail the read that produced the value.
    await this.context.store
      .setMeta(name, { value: value as JsonValue, fetchedAt })
      .catch(() => undefined);
  }
}
