// Loads the BUILT package as ESM and uses it through the public API against the fake backend:
// a client signs up, writes a hero offline-first and pushes it (ky, p-queue, zod all run).
import assert from 'node:assert/strict';
import { createClient, isAuthError } from '../../dist/index.js';
import { createFakeBackend } from '../../dist/testing.js';

const backend = createFakeBackend({ authRateLimit: false });
const client = createClient({
  baseUrl: backend.baseUrl,
  fetch: (input, init) => backend.fetch(new Request(input, init)),
  sync: { autoStart: false },
});
await client.ready;
const health = await client.api.health();
assert.equal(health.status, 'healthy');
assert.throws(
  () => client.heroes,
  (error) => isAuthError(error),
);
await client.auth.signUp({
  email: 'smoke@example.com',
  password: 'correct-horse-1',
  name: 'Smoke',
});
await client.heroes.create({ name: 'Luna', age: 7, traits: ['brave'] });
const summary = await client.sync.syncNow();
assert.equal(summary.pushed, 1);
await client.close();
backend.close();
console.log('esm smoke: ok');
