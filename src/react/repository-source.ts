/**
 * Resolves a repository of the client by name, or `null` while nobody is signed in (the client
 * throws `AuthError` `NOT_SIGNED_IN` then).
 */

import type { InfiniteStoriesClient } from '../client/create-client.js';
import { isAuthError } from '../errors/index.js';
import type { Repositories } from '../repositories/create-repositories.js';

/** Repositories with live queries (`observe`) and live records (`observeOne`). */
export type LiveRepositoryName =
  | 'heroes'
  | 'stories'
  | 'customEvents'
  | 'illustrations'
  | 'visualProfiles';

/** Repositories with live records by local id (`observeOne`). */
export type RecordRepositoryName = Exclude<LiveRepositoryName, 'visualProfiles'>;

/** The current session's repository `name`, or `null` when signed out. */
export function repositorySource<N extends LiveRepositoryName>(
  client: InfiniteStoriesClient,
  name: N,
): Repositories[N] | null {
  try {
    return client[name] as Repositories[N];
  } catch (error) {
    if (isAuthError(error)) return null;
    throw error;
  }
}
