// Loads the BUILT package as ESM and uses it through the public API against the fake backend:
// a client signs up, writes a hero offline-first and pushes it (ky, p-queue, zod all run).
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuthError, createClient } from '../../dist/index.js';
import { indexedDBBlobStore } from '../../dist/indexeddb.js';
import { fileBlobStore } from '../../dist/node.js';
import { createFakeBackend, runBlobStoreContract } from '../../dist/testing.js';

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
  (error) => error instanceof AuthError,
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

// The /node entry: the filesystem blob store really writes and reads back.
const directory = await mkdtemp(join(tmpdir(), 'sdk-smoke-'));
const blobs = fileBlobStore({ directory });
await blobs.put('u/audio:s:v', Uint8Array.of(1, 2, 3), { contentType: 'audio/mpeg' });
assert.deepEqual([...(await (await blobs.get('u/audio:s:v')).bytes())], [1, 2, 3]);
await rm(directory, { recursive: true, force: true });
assert.equal(typeof indexedDBBlobStore, 'function');
assert.equal(typeof runBlobStoreContract, 'function');
console.log('esm smoke: ok');
