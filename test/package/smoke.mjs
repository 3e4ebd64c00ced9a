// Loads the BUILT package as ESM and signs up through the public API against the fake backend.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApiClient, isAuthError } from '../../dist/index.js';
import { indexedDBBlobStore } from '../../dist/indexeddb.js';
import { fileBlobStore } from '../../dist/node.js';
import { createFakeBackend, runBlobStoreContract } from '../../dist/testing.js';

const backend = createFakeBackend({ authRateLimit: false });
const api = createApiClient({
  baseUrl: backend.baseUrl,
  fetch: (input, init) => backend.fetch(new Request(input, init)),
});
const health = await api.health();
assert.equal(health.status, 'healthy');
await assert.rejects(api.heroes.list(), (error) => isAuthError(error));
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
