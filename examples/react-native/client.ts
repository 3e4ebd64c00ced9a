/**
 * The SDK's set-up in an Expo app: records and the outbox in expo-sqlite, the session token in
 * expo-secure-store (Keychain / Keystore), media in the app's documents directory through
 * expo-file-system, online/offline from NetInfo, and foreground polling while `AppState` says
 * the app is active. Each module is passed in; the SDK imports none of them.
 */
import { createClient, type InfiniteStoriesClient } from '@infinitestories/sdk';
import {
  asyncSqliteStorage,
  expoFileBlobStore,
  expoSecureStore,
  expoSqliteDatabase,
  followAppState,
  netInfoConnectivity,
} from '@infinitestories/sdk/react-native';
import NetInfo from '@react-native-community/netinfo';
import * as FileSystem from 'expo-file-system/legacy';
import * as SecureStore from 'expo-secure-store';
import * as SQLite from 'expo-sqlite';
import { AppState } from 'react-native';

/**
 * Your backend. On a device or emulator, the fake backend on your computer is reached through
 * your computer's LAN address, and that origin must be the backend's trusted origin.
 */
export const API_URL = 'https://api.example.com';

/** An open client and the function that releases it (on unmount, or before a reload). */
export interface AppClient {
  readonly client: InfiniteStoriesClient;
  close(): Promise<void>;
}

/** Opens the app's database and creates the client over it (once per app launch). */
export async function openAppClient(): Promise<AppClient> {
  const db = await SQLite.openDatabaseAsync('infinitestories.db');
  const client = createClient({
    baseUrl: API_URL,
    storage: asyncSqliteStorage(expoSqliteDatabase(db)),
    // Readable after the first unlock, so a background fetch task can sync too.
    secureStore: expoSecureStore(SecureStore, {
      options: { keychainAccessible: SecureStore.AFTER_FIRST_UNLOCK },
    }),
    blobStore: expoFileBlobStore(FileSystem),
    connectivity: netInfoConnectivity(NetInfo),
    // Other devices' changes arrive every 30 s while the app is on screen.
    sync: { foregroundPollMs: 30_000 },
  });
  const stopFollowingAppState = followAppState(AppState, client.sync);
  return {
    client,
    close: async () => {
      stopFollowingAppState();
      await client.close();
    },
  };
}
