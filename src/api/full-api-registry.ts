/**
 * The full API client behind a public client object. `client.api` shows apps only the calls
 * the repositories do not cover; SDK code that needs every endpoint (the migration tool) finds
 * the whole API client here, keyed by the public client object, without widening its type.
 */
import type { ApiClient } from './api-client.js';

const registry = new WeakMap<object, ApiClient>();

/** Records `api` as the full API client of `owner`. */
export function registerFullApi(owner: object, api: ApiClient): void {
  registry.set(owner, api);
}

/** The full API client of `owner`, if one was registered. */
export function fullApiOf(owner: object): ApiClient | undefined {
  return registry.get(owner);
}
