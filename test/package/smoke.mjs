// Loads the BUILT package as ESM and signs up through the public API against the fake backend.
import assert from 'node:assert/strict';
import { createApiClient, isAuthError } from '../../dist/index.js';
import { createFakeBackend } from '../../dist/testing.js';

const backend = createFakeBackend({ authRateLimit: false });
const api = createApiClient({
  baseUrl: backend.baseUrl,
  fetch: (input, init) => backend.fetch(new Request(input, init)),
});
const health = await api.health();
assert.equal(health.status, 'healthy');
await assert.rejects(api.heroes.list(), (error) => isAuthError(error));
backend.close();
console.log('esm smoke: ok');
