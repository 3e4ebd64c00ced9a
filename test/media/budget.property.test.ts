/**
 * Property: whatever sequence of get / pin / unpin / put runs (some of them concurrently),
 * against the fake backend's media routes, the cache never holds more than its budget once an
 * operation settles, pinned items are never evicted, and the only refusal is OVER_BUDGET.
 */
import fc from 'fast-check';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { MediaError, type MediaRef } from '../../src/index.js';
import { memoryBlobStore } from '../../src/media/memory-blob-store.js';
import { fakeBackendHandlers } from '../../src/testing/index.js';
import { createLibrary, type Library, mediaBackend, openDevice } from './harness.js';

const backend = mediaBackend();
const server = setupServer(...fakeBackendHandlers(backend));
let library: Library;
const sizes: number[] = [];

beforeAll(async () => {
  server.listen({ onUnhandledRequest: 'error' });
  library = await createLibrary(backend);
  const world = await openDevice(backend, library);
  for (const ref of [...world.refs.all, world.avatar]) {
    sizes.push((await world.client.media.get(ref)).size);
  }
  await world.client.close();
});
afterAll(() => server.close());

type Op =
  | { readonly kind: 'get' | 'pin' | 'unpin'; readonly item: number; readonly withNext: boolean }
  | {
      readonly kind: 'put';
      readonly item: number;
      readonly size: number;
      readonly withNext: boolean;
    };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constantFrom('get' as const, 'pin' as const, 'unpin' as const),
    item: fc.nat(20),
    withNext: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant('put' as const),
    item: fc.nat(2),
    size: fc.integer({ min: 1, max: 120_000 }),
    withNext: fc.boolean(),
  }),
);

it('never exceeds the budget; pinned items stay; only OVER_BUDGET refusals', async () => {
  const total = sizes.reduce((a, b) => a + b, 0);
  await fc.assert(
    fc.asyncProperty(
      fc.double({ min: 0.15, max: 1.2, noNaN: true }),
      fc.array(opArb, { minLength: 1, maxLength: 25 }),
      async (fraction, ops) => {
        const maxBytes = Math.max(1, Math.floor(total * fraction));
        const store = memoryBlobStore();
        const world = await openDevice(backend, library, { blobStore: store, media: { maxBytes } });
        const { client } = world;
        const refs: MediaRef[] = [...world.refs.all, world.avatar];
        const legacy = (i: number): MediaRef => ({
          kind: 'audio',
          id: `legacy-${i}`,
          version: 'v1',
        });
        const pinned = new Set<string>();
        const refOf = (op: Op): MediaRef =>
          op.kind === 'put' ? legacy(op.item) : (refs[op.item % refs.length] as MediaRef);
        const keyOf = (ref: MediaRef) => `${ref.kind}:${ref.id}:${ref.version}`;
        const run = async (op: Op): Promise<boolean> => {
          const ref = refOf(op);
          try {
            if (op.kind === 'put') {
              await client.media.put(ref, new Uint8Array(op.size), { contentType: 'audio/mpeg' });
            } else if (op.kind === 'get') await client.media.get(ref);
            else if (op.kind === 'pin') await client.media.pin(ref);
            else await client.media.unpin(ref);
            return true;
          } catch (error) {
            expect(error instanceof MediaError && error.code).toBe('OVER_BUDGET');
            return false;
          }
        };
        try {
          for (let i = 0; i < ops.length; ) {
            const group =
              ops[i]?.withNext && i + 1 < ops.length ? ops.slice(i, i + 2) : ops.slice(i, i + 1);
            i += group.length;
            const results = await Promise.all(group.map(run));
            const touched = new Set(group.map((op) => keyOf(refOf(op))));
            const conflicting = group.length === 2 && touched.size === 1;
            group.forEach((op, index) => {
              const key = keyOf(refOf(op));
              if (conflicting) pinned.delete(key);
              else if (op.kind === 'pin' && results[index]) pinned.add(key);
              else if (op.kind === 'unpin') pinned.delete(key);
            });
            const stats = await client.media.stats();
            expect(stats.usedBytes).toBeLessThanOrEqual(maxBytes);
            expect(await store.totalSize()).toBeLessThanOrEqual(maxBytes);
            expect(stats.usedBytes).toBe(await store.totalSize());
            for (const ref of [...refs, legacy(0), legacy(1), legacy(2)]) {
              if (pinned.has(keyOf(ref))) expect(await client.media.has(ref)).toBe(true);
            }
          }
        } finally {
          await client.close();
        }
      },
    ),
    { numRuns: Number(process.env.NUM_RUNS ?? 40) },
  );
}, 120_000);
