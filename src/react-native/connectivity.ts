/**
 * React Native platform signals: online/offline from @react-native-community/netinfo, and
 * foreground/background from `AppState` (foreground polling of sync).
 */
import type { ConnectivityMonitor } from '../platform/connectivity.js';
import { connectivityFromEvents } from '../platform/connectivity.js';

/** The reading of NetInfo the SDK uses. */
export interface NetInfoStateLike {
  readonly isConnected: boolean | null;
  readonly isInternetReachable?: boolean | null | undefined;
}

/** The part of `@react-native-community/netinfo`'s default export the SDK uses. */
export interface NetInfoLike {
  addEventListener(listener: (state: NetInfoStateLike) => void): () => void;
}

/** Online unless NetInfo says there is no connection or the internet is unreachable. */
function onlineOf(state: NetInfoStateLike): boolean {
  return state.isConnected !== false && state.isInternetReachable !== false;
}

/**
 * A connectivity monitor over NetInfo. It starts online (an unknown reading is treated as
 * online: a failed request switches sync to offline anyway) and follows NetInfo's events while
 * the SDK listens.
 *
 * @example
 * ```ts
 * import NetInfo from '@react-native-community/netinfo';
 * const client = createClient({ baseUrl, connectivity: netInfoConnectivity(NetInfo) });
 * ```
 */
export function netInfoConnectivity(netInfo: NetInfoLike): ConnectivityMonitor {
  return connectivityFromEvents(true, (setOnline) =>
    netInfo.addEventListener((state) => setOnline(onlineOf(state))),
  );
}

/** The part of React Native's `AppState` the SDK uses. */
export interface AppStateLike {
  readonly currentState: string | null;
  addEventListener(type: 'change', listener: (state: string) => void): { remove(): void };
}

/** What {@link followAppState} drives: `client.sync`. */
export interface ForegroundTarget {
  setForeground(foreground: boolean): void;
}

/**
 * Tells sync whether the app is in the foreground (`active`), so it polls at
 * `sync.foregroundPollMs` while the user looks and falls back to the background interval
 * otherwise. Returns the function that stops following.
 *
 * @example
 * ```ts
 * import { AppState } from 'react-native';
 * const stop = followAppState(AppState, client.sync);
 * ```
 */
export function followAppState(appState: AppStateLike, sync: ForegroundTarget): () => void {
  sync.setForeground(appState.currentState === 'active');
  const subscription = appState.addEventListener('change', (state) => {
    sync.setForeground(state === 'active');
  });
  return () => subscription.remove();
}
