/**
 * The React Native / Expo adapters proven with the SDK's contract suites over stand-ins of
 * each module, plus what the suites do not cover: AsyncStorage's journal (rollback and replay),
 * expo-secure-store's key rules, NetInfo and AppState.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runSecureStoreContract } from '../../src/auth/secure-store-contract.js';
import { isStorageError } from '../../src/errors/index.js';
import {
  asyncSqliteStorage,
  asyncStorageAdapter,
  expoSecureStore,
  expoSqliteDatabase,
  followAppState,
  keychainSecureStore,
  netInfoConnectivity,
  opSqliteDatabase,
} from '../../src/react-native.js';
import { runStorageAdapterContract } from '../../src/testing/storage-adapter-contract.js';
import {
  appStateStandIn,
  asyncStorageStandIn,
  expoSecureStoreStandIn,
  expoSqliteStandIn,
  keychainStandIn,
  netInfoStandIn,
  opSqliteStandIn,
} from './stand-ins.js';

const dir = mkdtempSync(join(tmpdir(), 'sdk-rn-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

function sqliteFactory(wrap: (path: string) => Parameters<typeof asyncSqliteStorage>[0]) {
  let path = '';
  return {
    open: async () => {
      path = join(dir, `db-${++files}.sqlite`);
      return asyncSqliteStorage(wrap(path));
    },
    reopen: async () => asyncSqliteStorage(wrap(path)),
  };
}

runStorageAdapterContract(
  'asyncSqliteStorage(expoSqliteDatabase)',
  sqliteFactory((path) => expoSqliteDatabase(expoSqliteStandIn(path))),
  { describe, it },
);

runStorageAdapterContract(
  'asyncSqliteStorage(opSqliteDatabase)',
  sqliteFactory((path) => opSqliteDatabase(opSqliteStandIn(path))),
  { describe, it },
);

let shared = asyncStorageStandIn();
runStorageAdapterContract(
  'asyncStorageAdapter',
  {
    open: async () => {
      shared = asyncStorageStandIn();
      return asyncStorageAdapter(shared.storage);
    },
    reopen: async () => asyncStorageAdapter(shared.storage),
  },
  { describe, it },
);

runSecureStoreContract('expoSecureStore', () => expoSecureStore(expoSecureStoreStandIn()), {
  describe,
  it,
  expect,
});

runSecureStoreContract('keychainSecureStore', () => keychainSecureStore(keychainStandIn()), {
  describe,
  it,
  expect,
});

describe('asyncStorageAdapter journal', () => {
  it('rolls a batch back when writing it fails half-way, and rejects with a StorageError', async () => {
    const { storage, faults, items } = asyncStorageStandIn();
    const adapter = asyncStorageAdapter(storage);
    await adapter.batch([
      { type: 'put', key: 'a', value: 1 },
      { type: 'put', key: 'b', value: 2 },
    ]);
    faults.multiRemove = 1;
    const error = await adapter
      .batch([
        { type: 'put', key: 'a', value: 10 },
        { type: 'delete', key: 'b' },
      ])
      .catch((e: unknown) => e);
    expect(isStorageError(error)).toBe(true);
    expect(await adapter.scan('')).toEqual([
      ['a', 1],
      ['b', 2],
    ]);
    expect([...items.keys()].some((key) => key.includes('journal'))).toBe(false);
  });

  it('replays a batch the app was killed in the middle of, at the next start', async () => {
    const { storage, items } = asyncStorageStandIn();
    await asyncStorageAdapter(storage).batch([{ type: 'put', key: 'a', value: 1 }]);
    // Killed after the journal was written and before the puts landed.
    items.set(
      'infinitestories:journal',
      JSON.stringify({
        ops: [
          ['a', '2'],
          ['c', '3'],
        ],
        before: [
          ['a', '1'],
          ['c', null],
        ],
      }),
    );
    const restarted = asyncStorageAdapter(storage);
    expect(await restarted.getMany(['a', 'c'])).toEqual([2, 3]);
    expect(items.has('infinitestories:journal')).toBe(false);
  });

  it('applies a delete that follows a put of the same key in one batch', async () => {
    const adapter = asyncStorageAdapter(asyncStorageStandIn().storage);
    await adapter.batch([
      { type: 'put', key: 'k', value: 1 },
      { type: 'delete', key: 'k' },
    ]);
    expect(await adapter.get('k')).toBeUndefined();
  });
});

describe('expoSecureStore keys', () => {
  it('maps any key onto the characters expo-secure-store accepts, keeping keys distinct', async () => {
    const module = expoSecureStoreStandIn();
    const store = expoSecureStore(module);
    await store.set('session/token:a', 'one');
    await store.set('session_token_a', 'two');
    expect(await store.get('session/token:a')).toBe('one');
    expect(await store.get('session_token_a')).toBe('two');
    expect([...module.items.keys()].every((key) => /^[\w.-]+$/.test(key))).toBe(true);
  });
});

describe('netInfoConnectivity', () => {
  it('follows NetInfo while subscribed, treating unknown as online', () => {
    const { netInfo, emit, listenerCount } = netInfoStandIn();
    const connectivity = netInfoConnectivity(netInfo);
    const seen: boolean[] = [];
    const stop = connectivity.subscribe((online) => seen.push(online));
    emit({ isConnected: false, isInternetReachable: false });
    emit({ isConnected: true, isInternetReachable: null });
    emit({ isConnected: true, isInternetReachable: false });
    emit({ isConnected: true, isInternetReachable: true });
    expect(seen).toEqual([false, true, false, true]);
    expect(connectivity.isOnline()).toBe(true);
    stop();
    expect(listenerCount()).toBe(0);
  });
});

describe('followAppState', () => {
  it('puts sync in the foreground while the app is active, and stops following', () => {
    const { appState, emit, listenerCount } = appStateStandIn('active');
    const calls: boolean[] = [];
    const stop = followAppState(appState, { setForeground: (f) => calls.push(f) });
    emit('background');
    emit('active');
    emit('inactive');
    expect(calls).toEqual([true, false, true, false]);
    stop();
    expect(listenerCount()).toBe(0);
  });
});
