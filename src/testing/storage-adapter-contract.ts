import { deletePrefix } from '../storage-adapters/delete-prefix.js';
import type { JsonValue, StorageAdapter } from '../storage-adapters/storage-adapter.js';
import {
  check,
  equal,
  jsonSamples,
  rejectsWithStorageError,
  shuffled,
} from './storage-adapter-contract-assert.js';
import { addTransactCases } from './storage-adapter-transact-cases.js';

/** How the contract suite gets adapters to test. */
export interface StorageAdapterContractFactory {
  /** A fresh, empty adapter. Called at the start of every case. */
  open(): Promise<StorageAdapter>;
  /**
   * A new adapter over the same data as the one the latest `open()` returned, as after an app
   * restart (the earlier adapter may still be open). Omit it for non-persistent adapters: the
   * persistence cases are then left out.
   */
  reopen?(): Promise<StorageAdapter>;
  /** Removes whatever `open()` created. Called at the end of every case, after every adapter is closed. */
  destroy?(): Promise<void>;
}

/** One case of the suite: a name and a self-contained async body that throws on failure. */
export interface StorageAdapterContractCase {
  readonly name: string;
  run(): Promise<void>;
}

/** The part of a test runner the suite needs (vitest, jest, mocha and node:test all fit). */
export interface ContractTestApi {
  describe(name: string, body: () => void): void;
  it(name: string, body: () => Promise<void>): void;
}

/**
 * Registers the {@link StorageAdapter} contract suite with your test runner. Third-party
 * adapters run it to prove they behave like the built-in ones.
 *
 * @example
 * ```ts
 * import { describe, it } from 'vitest';
 * import { runStorageAdapterContract } from '@infinitestories/sdk/testing';
 *
 * runStorageAdapterContract('mmkvStorage', { open: async () => mmkvStorage(new MMKV()) }, { describe, it });
 * ```
 */
export function runStorageAdapterContract(
  name: string,
  factory: StorageAdapterContractFactory,
  api: ContractTestApi,
): void {
  api.describe(`StorageAdapter contract: ${name}`, () => {
    for (const testCase of storageAdapterContractCases(factory)) {
      api.it(testCase.name, () => testCase.run());
    }
  });
}

interface CaseContext {
  adapter: StorageAdapter;
  /** Only in cases that need persistence (the factory has `reopen`). */
  reopen: () => Promise<StorageAdapter>;
}

/**
 * The cases of the suite as plain objects, for runners without `describe`/`it` (e.g. a page
 * in a real browser). Each `run()` opens, closes and destroys its own adapters.
 */
export function storageAdapterContractCases(
  factory: StorageAdapterContractFactory,
): StorageAdapterContractCase[] {
  const cases: StorageAdapterContractCase[] = [];
  const add = (name: string, body: (ctx: CaseContext) => Promise<void>) => {
    cases.push({ name, run: () => withAdapters(factory, body) });
  };
  const reopenable = factory.reopen !== undefined;

  add('get returns undefined for a missing key', async ({ adapter }) => {
    equal(await adapter.get('missing/key'), undefined, 'get(missing)');
  });

  add('put then get round-trips every kind of JSON value', async ({ adapter }) => {
    const values = jsonSamples();
    await adapter.batch(values.map((value, i) => ({ type: 'put', key: `v/${i}`, value })));
    for (const [i, value] of values.entries()) {
      equal(await adapter.get(`v/${i}`), value, `get(v/${i})`);
    }
  });

  add(
    'stored values are copies: mutating inputs or outputs changes nothing',
    async ({ adapter }) => {
      const input = { name: 'Luna', traits: ['brave'] };
      await adapter.batch([{ type: 'put', key: 'h/1', value: input }]);
      input.name = 'changed';
      input.traits.push('changed');
      const first = (await adapter.get('h/1')) as { name: string; traits: string[] };
      equal(first, { name: 'Luna', traits: ['brave'] }, 'after mutating the input');
      // An adapter may hand out frozen values: then the mutation throws and changes nothing.
      try {
        first.traits.push('changed');
      } catch {}
      const [fromMany] = await adapter.getMany(['h/1']);
      const [[, fromScan] = ['', null]] = await adapter.scan('h/');
      equal(fromMany, { name: 'Luna', traits: ['brave'] }, 'getMany after mutating a result');
      equal(fromScan, { name: 'Luna', traits: ['brave'] }, 'scan after mutating a result');
    },
  );

  add(
    'a batch applies puts and deletes in order; deleting a missing key is fine',
    async ({ adapter }) => {
      await adapter.batch([{ type: 'put', key: 'k/keep', value: 1 }]);
      await adapter.batch([
        { type: 'put', key: 'k/a', value: 1 },
        { type: 'delete', key: 'k/a' },
        { type: 'put', key: 'k/a', value: 2 },
        { type: 'put', key: 'k/b', value: 1 },
        { type: 'delete', key: 'k/b' },
        { type: 'delete', key: 'k/never-existed' },
        { type: 'put', key: 'k/keep', value: 'overwritten' },
      ]);
      equal(
        await adapter.scan('k/'),
        [
          ['k/a', 2],
          ['k/keep', 'overwritten'],
        ],
        'scan(k/)',
      );
      await adapter.batch([]);
      equal(
        await adapter.scan('k/'),
        [
          ['k/a', 2],
          ['k/keep', 'overwritten'],
        ],
        'after an empty batch',
      );
    },
  );

  add(
    'getMany keeps the order of the keys, with undefined for missing ones',
    async ({ adapter }) => {
      await adapter.batch([
        { type: 'put', key: 'm/1', value: 'one' },
        { type: 'put', key: 'm/2', value: { two: 2 } },
      ]);
      equal(
        await adapter.getMany(['m/2', 'm/missing', 'm/1', 'm/2']),
        [{ two: 2 }, undefined, 'one', { two: 2 }],
        'getMany',
      );
      equal(await adapter.getMany([]), [], 'getMany([])');
    },
  );

  add('scan returns exactly the keys under a prefix, sorted', async ({ adapter }) => {
    const keys = ['a', 'a/', 'a/1', 'a/b', 'a/b/1', 'a/b0', 'ab', 'ab/1', 'a.', 'a0', 'b/1', 'A/1'];
    await adapter.batch(shuffled(keys).map((key) => ({ type: 'put', key, value: key })));
    const scanKeys = async (prefix: string) => (await adapter.scan(prefix)).map(([k]) => k);
    equal(await scanKeys('a/'), ['a/', 'a/1', 'a/b', 'a/b/1', 'a/b0'], "scan('a/')");
    equal(await scanKeys('a/b/'), ['a/b/1'], "scan('a/b/')");
    equal(await scanKeys('a/b'), ['a/b', 'a/b/1', 'a/b0'], "scan('a/b')");
    equal(await scanKeys('ab'), ['ab', 'ab/1'], "scan('ab')");
    equal(await scanKeys('zz'), [], "scan('zz')");
    equal(await scanKeys(''), [...keys].sort(), "scan('')");
    const entries = await adapter.scan('ab');
    equal(
      entries,
      [
        ['ab', 'ab'],
        ['ab/1', 'ab/1'],
      ],
      "scan('ab') values",
    );
  });

  add(
    'keys sort by UTF-16 code units, including non-ASCII and astral characters',
    async ({ adapter }) => {
      const keys = [
        'o/',
        'o/a',
        'o/B',
        'o/10',
        'o/9',
        'o/\u00e9',
        'o/\ue000',
        'o/\u{1f600}',
        'o/\u{1f600}/x',
        'o/\uffff',
        'o/\uffff\uffff',
        'o0',
      ];
      await adapter.batch(shuffled(keys).map((key) => ({ type: 'put', key, value: 1 })));
      const scanKeys = async (prefix: string) => (await adapter.scan(prefix)).map(([k]) => k);
      equal(await scanKeys('o/'), keys.filter((k) => k.startsWith('o/')).sort(), "scan('o/')");
      equal(await scanKeys('o/\uffff'), ['o/\uffff', 'o/\uffff\uffff'], "scan('o/\\uffff')");
      equal(await scanKeys('o/\u{1f600}'), ['o/\u{1f600}', 'o/\u{1f600}/x'], 'scan(astral prefix)');
      equal(await scanKeys('o/\u00e9'), ['o/\u00e9'], 'scan(non-ASCII prefix)');
    },
  );

  addFailureAndPersistenceCases(add, reopenable);
  return cases;
}

type AddCase = (name: string, body: (ctx: CaseContext) => Promise<void>) => void;

/** The cases about failed batches, size, concurrency, namespaces and persistence. */
function addFailureAndPersistenceCases(add: AddCase, reopenable: boolean): void {
  add('a batch that fails on a bad value leaves nothing behind', async (ctx) => {
    const { adapter } = ctx;
    await adapter.batch([{ type: 'put', key: 'x/existing', value: 'before' }]);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const badValues: Array<[string, unknown]> = [
      ['a BigInt', { n: 10n }],
      ['a cycle', cyclic],
      ['undefined', undefined],
    ];
    for (const [what, bad] of badValues) {
      await rejectsWithStorageError(
        adapter.batch([
          { type: 'put', key: 'x/new', value: 'should not land' },
          { type: 'delete', key: 'x/existing' },
          { type: 'put', key: 'x/existing', value: 'should not land' },
          { type: 'put', key: 'x/bad', value: bad as JsonValue },
        ]),
        `batch with ${what}`,
      );
      equal(await adapter.scan('x/'), [['x/existing', 'before']], `after the batch with ${what}`);
    }
    await adapter.batch([{ type: 'put', key: 'x/after', value: true }]);
    equal(await adapter.get('x/after'), true, 'a batch after the failures');
    if (reopenable) {
      const again = await ctx.reopen();
      equal(
        await again.scan('x/'),
        [
          ['x/after', true],
          ['x/existing', 'before'],
        ],
        'after reopen',
      );
    }
  });

  add('large values (over 1 MiB) round-trip', async ({ adapter }) => {
    const big = 'x'.repeat(1024 * 1024 + 7);
    const unicode = '\u00e9\u{1f600}\u4e2d'.repeat(100_000);
    const many = Array.from({ length: 20_000 }, (_, i) => ({ i, s: `item-${i}` }));
    await adapter.batch([
      { type: 'put', key: 'big/ascii', value: big },
      { type: 'put', key: 'big/unicode', value: { unicode } },
      { type: 'put', key: 'big/array', value: many },
    ]);
    const ascii = await adapter.get('big/ascii');
    check(ascii === big, `big/ascii came back with length ${String((ascii as string)?.length)}`);
    equal(await adapter.get('big/unicode'), { unicode }, 'big/unicode');
    equal(await adapter.get('big/array'), many, 'big/array');
    equal((await adapter.scan('big/')).length, 3, 'scan(big/) count');
  });

  add('100 concurrent batches all land; the last call wins per key', async ({ adapter }) => {
    const calls = Array.from({ length: 100 }, (_, i) =>
      adapter.batch([
        { type: 'put', key: `c/item/${String(i).padStart(3, '0')}`, value: i },
        { type: 'put', key: 'c/last', value: i },
      ]),
    );
    await Promise.all(calls);
    const items = await adapter.scan('c/item/');
    equal(items.length, 100, 'number of items');
    equal(
      items.map(([, v]) => v),
      Array.from({ length: 100 }, (_, i) => i),
      'item values',
    );
    equal(await adapter.get('c/last'), 99, 'c/last');
  });

  add('reads called after a batch see it, even before the batch settles', async ({ adapter }) => {
    const write = adapter.batch([{ type: 'put', key: 'r/1', value: 'first' }]);
    const read = adapter.get('r/1');
    const overwrite = adapter.batch([{ type: 'put', key: 'r/1', value: 'second' }]);
    const scan = adapter.scan('r/');
    await Promise.all([write, overwrite]);
    equal(await read, 'first', 'get between the batches');
    equal(await scan, [['r/1', 'second']], 'scan after both batches');
  });

  add('deletePrefix removes exactly one namespace', async ({ adapter }) => {
    const keys = ['u/1', 'u/1/a', 'u/1/b/c', 'u/10/a', 'u/2/a', 'meta/version'];
    await adapter.batch(keys.map((key) => ({ type: 'put', key, value: key })));
    await deletePrefix(adapter, 'u/1/');
    equal(
      (await adapter.scan('')).map(([k]) => k),
      ['meta/version', 'u/1', 'u/10/a', 'u/2/a'],
      'after',
    );
    await deletePrefix(adapter, 'nothing/');
    await deletePrefix(adapter, '');
    equal(await adapter.scan(''), [], "after deletePrefix('')");
  });

  add(
    'close() lets calls already made finish; later calls reject with StorageError',
    async (ctx) => {
      const { adapter } = ctx;
      const write = adapter.batch([{ type: 'put', key: 'z/1', value: 'kept' }]);
      const closing = adapter.close();
      await write;
      await closing;
      await adapter.close();
      await rejectsWithStorageError(adapter.get('z/1'), 'get after close');
      await rejectsWithStorageError(adapter.getMany(['z/1']), 'getMany after close');
      await rejectsWithStorageError(adapter.scan('z/'), 'scan after close');
      await rejectsWithStorageError(
        adapter.batch([{ type: 'put', key: 'z/2', value: 1 }]),
        'batch after close',
      );
      if (adapter.deletePrefix) {
        await rejectsWithStorageError(adapter.deletePrefix('z/'), 'deletePrefix after close');
      }
      if (reopenable) {
        const again = await ctx.reopen();
        equal(await again.scan('z/'), [['z/1', 'kept']], 'after reopen');
      }
    },
  );
  addTransactCases(add);

  if (reopenable) {
    add('resolved batches persist across reopen, with or without close()', async (ctx) => {
      const { adapter } = ctx;
      await adapter.batch([
        { type: 'put', key: 'p/1', value: { n: 1 } },
        { type: 'put', key: 'p/2', value: [2] },
        { type: 'put', key: 'p/3', value: 'gone' },
      ]);
      await adapter.batch([{ type: 'delete', key: 'p/3' }]);
      const expected = [
        ['p/1', { n: 1 }],
        ['p/2', [2]],
      ];
      const second = await ctx.reopen();
      equal(await second.scan('p/'), expected, 'reopened while the first is still open');
      await second.batch([{ type: 'put', key: 'p/4', value: null }]);
      await adapter.close();
      await second.close();
      const third = await ctx.reopen();
      equal(await third.scan('p/'), [...expected, ['p/4', null]], 'reopened after close');
      equal(await third.getMany(['p/1', 'p/3']), [{ n: 1 }, undefined], 'getMany after reopen');
    });
  }
}

async function withAdapters(
  factory: StorageAdapterContractFactory,
  body: (ctx: CaseContext) => Promise<void>,
): Promise<void> {
  const opened: StorageAdapter[] = [];
  try {
    const adapter = await factory.open();
    opened.push(adapter);
    const reopen = async () => {
      if (!factory.reopen) throw new Error('this case needs factory.reopen');
      const again = await factory.reopen();
      opened.push(again);
      return again;
    };
    await body({ adapter, reopen });
  } finally {
    for (const adapter of opened) await adapter.close().catch(() => undefined);
    await factory.destroy?.();
  }
}
