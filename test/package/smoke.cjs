// Loads the BUILT package through require() (CommonJS) and really calls it: ky and p-queue are
// ESM-only, so a CJS build that left them external would load but throw here (TOOLCHAIN.md #1).
const assert = require('node:assert/strict');
const sdk = require('../../dist/index.cjs');
const testing = require('../../dist/testing.cjs');
const node = require('../../dist/node.cjs');

async function main() {
  const backend = testing.createFakeBackend({ authRateLimit: false });
  const client = sdk.createClient({
    baseUrl: backend.baseUrl,
    fetch: (input, init) => backend.fetch(new Request(input, init)),
    sync: { autoStart: false },
  });
  await client.ready;
  const health = await client.api.health();
  assert.equal(health.status, 'healthy');
  assert.throws(
    () => client.heroes,
    (error) => error instanceof sdk.AuthError,
  );
  await client.auth.signUp({ email: 'smoke@example.com', password: 'correct-horse-1', name: 'S' });
  await client.heroes.create({ name: 'Luna', age: 7, traits: ['brave'] });
  const summary = await client.sync.syncNow();
  assert.equal(summary.pushed, 1);
  await client.close();
  backend.close();
  const blobs = sdk.memoryBlobStore();
  await blobs.put('k', Uint8Array.of(7), { contentType: 'image/png' });
  assert.equal((await blobs.get('k')).size, 1);
  assert.equal(typeof node.fileBlobStore, 'function');
  const mediaError = new sdk.MediaError({
    operation: 'x',
    code: 'TRUNCATED',
    ref: { kind: 'audio', id: 'a', version: 'b' },
    message: 'm',
  });
  assert.ok(mediaError instanceof sdk.MediaError && mediaError instanceof sdk.SdkError);
  assert.ok(!(new DOMException('x', 'AbortError') instanceof sdk.AbortError));
  console.log('cjs smoke: ok');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
