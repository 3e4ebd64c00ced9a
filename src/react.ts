// Entry point of `@infinitestories/sdk/react`: React bindings over `useSyncExternalStore`.
// React (18 or 19) is an optional peer dependency: only this entry imports it.

export type { InfiniteStoriesProviderProps } from './react/client-context.js';
export { InfiniteStoriesProvider, useClient } from './react/client-context.js';
export type { LiveRepositoryName, RecordRepositoryName } from './react/repository-source.js';
export { useAuth } from './react/use-auth.js';
export { useConflicts } from './react/use-conflicts.js';
export type { MediaResult } from './react/use-media.js';
export { useMedia } from './react/use-media.js';
export type { QueryArgument, QueryResult, RecordResult } from './react/use-query.js';
export { useQuery, useRecord } from './react/use-query.js';
export { usePending, useSyncStatus } from './react/use-sync-status.js';
