/**
 * Builds `client.media`: a {@link LazyMediaCache} that loads the media code (the cache, the
 * default memory blob store, the session's media source) on first use, through a dynamic
 * import that bundlers turn into a separate chunk.
 */
import type { ApiClient } from '../api/api-client.js';
import type { ClientOptions } from './client-options.js';
import { LazyMediaCache } from './lazy-media-cache.js';
import type { ResolvedClientOptions } from './resolve-client-options.js';
import type { UserSession } from './user-session.js';

/** The media cache of one client; `session` reads the signed-in user's session, if any. */
export function createClientMedia(
  options: ClientOptions,
  resolved: ResolvedClientOptions,
  api: ApiClient,
  session: () => UserSession | null,
): LazyMediaCache {
  return new LazyMediaCache({
    options: options.media,
    persistent: options.blobStore !== undefined,
    load: async () => {
      const { clientMediaCache } = await import('./client-media-cache.js');
      return clientMediaCache(options, resolved, api, session);
    },
  });
}
