/**
 * `useQuery` and `useRecord`: live local reads of the signed-in user's data, re-rendering only
 * when the result changes, and empty while nobody is signed in (never the previous user's data).
 */
import { useMemo, useSyncExternalStore } from 'react';
import type { Observable } from '../model/types.js';
import type { Repositories } from '../repositories/create-repositories.js';
import type { Subscribable } from '../repositories/subscribable.js';
import { useClient } from './client-context.js';
import {
  type LiveRepositoryName,
  type RecordRepositoryName,
  repositorySource,
} from './repository-source.js';
import { createSessionStore } from './session-store.js';
import { stableKey } from './stable-key.js';

/** The argument of `client[name].observe(…)`: a query object, or the parent id. */
export type QueryArgument<N extends LiveRepositoryName> = Parameters<Repositories[N]['observe']>[0];

/** What `client[name].observe(…)` yields: a list of records (one record for visual profiles). */
export type QueryResult<N extends LiveRepositoryName> =
  ReturnType<Repositories[N]['observe']> extends Subscribable<infer T> ? T : never;

/** One record of repository `name`, or `undefined`. */
export type RecordResult<N extends RecordRepositoryName> = ReturnType<Repositories[N]['get']>;

const EMPTY: readonly never[] = Object.freeze([]);

function emptyResult<N extends LiveRepositoryName>(name: N): QueryResult<N> {
  return (name === 'visualProfiles' ? undefined : EMPTY) as QueryResult<N>;
}

/**
 * A live `client[name].observe(query)`. Equal queries (same fields, any order or identity)
 * share one live query, so an inline object literal is fine. While nobody is signed in, and
 * during server rendering, the result is empty (`[]`, or `undefined` for `visualProfiles`).
 * Another user signing in switches to their data without ever rendering the previous user's.
 *
 * Takes the repository by name rather than `client.heroes` itself: that object belongs to one
 * user's session, the name follows whoever is signed in.
 *
 * @example
 * ```tsx
 * const heroes = useQuery('heroes', { orderBy: 'name' });
 * const pages = useQuery('illustrations', storyId);
 * ```
 */
export function useQuery<N extends LiveRepositoryName>(
  name: N,
  ...query: undefined extends QueryArgument<N>
    ? [query?: QueryArgument<N>]
    : [query: QueryArgument<N>]
): QueryResult<N> {
  const client = useClient();
  const argument = query[0];
  const key = stableKey(argument);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for `argument`'s value
  const store = useMemo(() => {
    const observe = (repository: Repositories[N]): Observable<QueryResult<N>> =>
      (repository.observe as unknown as (arg: unknown) => Observable<QueryResult<N>>).call(
        repository,
        argument,
      );
    return createSessionStore(client, {
      source: (current) => repositorySource(current, name),
      observe,
      fallback: emptyResult(name),
    });
  }, [client, name, key]);
  const fallback = emptyResult(name);
  return useSyncExternalStore(store.subscribe, store.getSnapshot, () => fallback);
}

/**
 * A live `client[name].get(id)`: the record with local id `id`, or `undefined` (missing,
 * deleted, signed out, or on the server).
 *
 * @example
 * ```tsx
 * const hero = useRecord('heroes', heroId);
 * ```
 */
export function useRecord<N extends RecordRepositoryName>(name: N, id: string): RecordResult<N> {
  const client = useClient();
  const store = useMemo(
    () =>
      createSessionStore(client, {
        source: (current) => repositorySource(current, name),
        observe: (repository) =>
          repository.observeOne(id) as unknown as Observable<RecordResult<N>>,
        fallback: undefined as RecordResult<N>,
      }),
    [client, name, id],
  );
  return useSyncExternalStore(store.subscribe, store.getSnapshot, serverRecord<N>);
}

function serverRecord<N extends RecordRepositoryName>(): RecordResult<N> {
  return undefined as RecordResult<N>;
}
