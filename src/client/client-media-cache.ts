/**
 * The media cache of one client, over the host's blob store and scoped to whoever is signed in
 * (their records give the URLs; the full API client refreshes expired ones). Loaded on the first
 * use of `client.media` (see `createClientMedia`).
 */
import type { ApiClient } from '../api/api-client.js';
import { ClientMediaCache } from '../media/media-cache.js';
import { memoryBlobStore } from '../media/memory-blob-store.js';
import type { ClientOptions } from './client-options.js';
import type { ResolvedClientOptions } from './resolve-client-options.js';
import { sessionMediaScope } from './session-media-source.js';
import type { UserSession } from './user-session.js';

/** The media cache of one client; `session` reads the signed-in user's session, if any. */
export function clientMediaCache(
  options: ClientOptions,
  resolved: ResolvedClientOptions,
  api: ApiClient,
  session: () => UserSession | null,
): ClientMediaCache {
  return new ClientMediaCache({
    blobStore: options.blobStore ?? memoryBlobStore(),
    options: options.media,
    // Downloads go to the storage host with the host's fetch: never through the API client,
    // so the session token is not sent there.
    fetch: () => options.media?.fetch ?? options.fetch ?? globalThis.fetch,
    now: resolved.now,
    logger: resolved.logger,
    online: () => resolved.connectivity.isOnline(),
    scope: () => {
      const current = session();
      return current ? sessionMediaScope(current, api) : null;
    },
  });
}
