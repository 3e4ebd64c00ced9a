/** `/api/v1/user`. */
import type { DateInput } from '../schemas/common.js';
import {
  type AccountDeleted,
  accountDeletedSchema,
  type UpdateProfileInput,
  type User,
  type UserProfile,
  type UserUsage,
  updateProfileInputSchema,
  userProfileSchema,
  userSchema,
  userUsageSchema,
} from '../schemas/user.js';
import type { CallOptions } from './options.js';
import { buildQuery, optionalIsoString, validateInput } from './request-input.js';
import type { Transport } from './transport.js';

/** Query of `user.usage()`; the server defaults to the last 30 days. */
export interface UsageQuery {
  startDate?: DateInput;
  endDate?: DateInput;
}

/** The user endpoints. */
export interface UserApi {
  /** `GET /user/profile`: the user row plus `_count`. */
  profile(options?: CallOptions): Promise<UserProfile>;
  /** `PATCH /user/profile`: only `name` is applied. */
  updateProfile(patch: UpdateProfileInput, options?: CallOptions): Promise<User>;
  /** `GET /user/usage`: usage summary and the current rate limits (read before generating). */
  usage(query?: UsageQuery, options?: CallOptions): Promise<UserUsage>;
  /**
   * `DELETE /user/account`: deletes the account and all its data on the server (media files are
   * left behind). Irreversible; never retried.
   */
  deleteAccount(options?: CallOptions): Promise<AccountDeleted>;
}

/** Builds the user endpoints over `transport`. */
export function createUserApi(transport: Transport): UserApi {
  return {
    profile: async (options) =>
      transport.send(
        {
          operation: 'user.profile',
          method: 'GET',
          path: 'api/v1/user/profile',
          response: userProfileSchema,
        },
        options,
      ),
    updateProfile: async (patch, options) =>
      transport.send(
        {
          operation: 'user.updateProfile',
          method: 'PATCH',
          path: 'api/v1/user/profile',
          body: validateInput('user.updateProfile', updateProfileInputSchema, patch),
          response: userSchema,
        },
        options,
      ),
    usage: async (query = {}, options) =>
      transport.send(
        {
          operation: 'user.usage',
          method: 'GET',
          path: 'api/v1/user/usage',
          query: buildQuery({
            startDate: optionalIsoString('user.usage', 'startDate', query.startDate),
            endDate: optionalIsoString('user.usage', 'endDate', query.endDate),
          }),
          response: userUsageSchema,
        },
        options,
      ),
    deleteAccount: async (options) =>
      transport.send(
        {
          operation: 'user.deleteAccount',
          method: 'DELETE',
          path: 'api/v1/user/account',
          response: accountDeletedSchema,
        },
        options,
      ),
  };
}
