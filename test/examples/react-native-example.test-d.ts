// The modules examples/react-native hands to the SDK's adapters carry their packages' own types
// (an unresolved import inside a package's declarations would turn them into `any`, and the
// example would then type-check whatever it passed). Compiled by `npm run typecheck`.
import type NetInfo from '@react-native-community/netinfo';
import type * as FileSystem from 'expo-file-system/legacy';
import type * as SecureStore from 'expo-secure-store';
import type * as SQLite from 'expo-sqlite';
import type { AppState } from 'react-native';
import { expectTypeOf } from 'vitest';

type Database = Awaited<ReturnType<typeof SQLite.openDatabaseAsync>>;
expectTypeOf<Database>().not.toBeAny();
expectTypeOf<Database['getAllAsync']>().not.toBeAny();
expectTypeOf<Database['runAsync']>().not.toBeAny();
expectTypeOf<Database['withExclusiveTransactionAsync']>().not.toBeAny();
expectTypeOf<typeof SecureStore.setItemAsync>().not.toBeAny();
expectTypeOf<typeof SecureStore.AFTER_FIRST_UNLOCK>().not.toBeAny();
expectTypeOf<typeof FileSystem.moveAsync>().not.toBeAny();
expectTypeOf<typeof FileSystem.documentDirectory>().toEqualTypeOf<string | null>();
expectTypeOf<typeof NetInfo.addEventListener>().not.toBeAny();
expectTypeOf<typeof AppState.addEventListener>().not.toBeAny();
expectTypeOf<typeof AppState.currentState>().not.toBeAny();
