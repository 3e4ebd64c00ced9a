/**
 * The React context that carries one {@link InfiniteStoriesClient} down the tree, its provider
 * and `useClient`.
 */
import { createContext, createElement, type ReactNode, useContext } from 'react';
import type { InfiniteStoriesClient } from '../client/create-client.js';
import { SdkError } from '../errors/index.js';

const ClientContext = createContext<InfiniteStoriesClient | null>(null);

/** Props of {@link InfiniteStoriesProvider}. */
export interface InfiniteStoriesProviderProps {
  /** The client every hook below reads (create it once, outside render). */
  readonly client: InfiniteStoriesClient;
  /** The app. */
  readonly children?: ReactNode;
}

/**
 * Makes `client` available to the hooks of `@infinitestories/sdk/react`. The provider does not
 * own the client: create it once (outside any component) and close it yourself.
 *
 * @example
 * ```tsx
 * const client = createClient({ baseUrl, storage: indexedDBStorage() });
 * root.render(<InfiniteStoriesProvider client={client}><App /></InfiniteStoriesProvider>);
 * ```
 */
export function InfiniteStoriesProvider(props: InfiniteStoriesProviderProps): ReactNode {
  return createElement(ClientContext.Provider, { value: props.client }, props.children);
}

/**
 * The client of the nearest {@link InfiniteStoriesProvider}. Throws an `SdkError` when there is
 * none, naming the fix.
 */
export function useClient(): InfiniteStoriesClient {
  const client = useContext(ClientContext);
  if (client === null) {
    throw new SdkError(
      'useClient: no InfiniteStoriesProvider above this component; wrap the app in <InfiniteStoriesProvider client={client}>',
    );
  }
  return client;
}
