/**
 * Connectivity: the SDK's only source of "are we online?". Hosts inject a
 * {@link ConnectivityMonitor}; the SDK never sniffs the runtime to pick one.
 *
 * The shape follows TanStack Query's `onlineManager.setEventListener(setup => cleanup)`: a
 * monitor is a value with a current reading and a way to be told about changes.
 */
import { ListenerSet } from './listener-set.js';

/** Listener called with the new reading whenever it changes. */
export type ConnectivityListener = (online: boolean) => void;

/** A source of online/offline readings. */
export interface ConnectivityMonitor {
  /** The current reading. */
  isOnline(): boolean;
  /** Registers a listener; returns the function that removes it. Emits only on change. */
  subscribe(listener: ConnectivityListener): () => void;
}

/**
 * Builds a monitor from a platform event source, the way TanStack Query does:
 * `setup(setOnline)` wires platform events and returns a cleanup function. Setup runs with the
 * first subscriber and cleanup with the last.
 *
 * @example
 * ```ts
 * // React Native with @react-native-community/netinfo
 * const connectivity = connectivityFromEvents(true, (setOnline) =>
 *   NetInfo.addEventListener((state) => setOnline(state.isConnected !== false)),
 * );
 * ```
 */
export function connectivityFromEvents(
  initiallyOnline: boolean,
  setup: (setOnline: (online: boolean) => void) => () => void,
): ConnectivityMonitor {
  let online = initiallyOnline;
  let cleanup: (() => void) | undefined;
  const setOnline = (next: boolean): void => {
    if (next === online) return;
    online = next;
    listeners.emit(next);
  };
  const listeners = new ListenerSet<[boolean]>({
    onFirst: () => {
      cleanup = setup(setOnline);
    },
    onLast: () => {
      cleanup?.();
      cleanup = undefined;
    },
  });
  return {
    isOnline: () => online,
    subscribe: (listener) => listeners.add(listener),
  };
}

/** The part of a browser `window` the browser monitor needs. */
export interface OnlineEventTarget {
  addEventListener(type: 'online' | 'offline', listener: () => void): void;
  removeEventListener(type: 'online' | 'offline', listener: () => void): void;
}

/**
 * The browser monitor: `navigator.onLine` plus the `online`/`offline` events of `target`.
 * Pass `window` (and optionally `navigator`) explicitly; nothing is read from globals.
 */
export function browserConnectivity(
  target: OnlineEventTarget,
  navigatorLike: { readonly onLine: boolean },
): ConnectivityMonitor {
  return connectivityFromEvents(navigatorLike.onLine, (setOnline) => {
    const up = (): void => setOnline(true);
    const down = (): void => setOnline(false);
    target.addEventListener('online', up);
    target.addEventListener('offline', down);
    return () => {
      target.removeEventListener('online', up);
      target.removeEventListener('offline', down);
    };
  });
}

/** A monitor that is always online: the default where the host gives none (Node, tests). */
export function alwaysOnline(): ConnectivityMonitor {
  return { isOnline: () => true, subscribe: () => () => {} };
}

/** A monitor switched by hand: for tests and demos (`goOffline()` / `goOnline()`). */
export interface ManualConnectivity extends ConnectivityMonitor {
  goOnline(): void;
  goOffline(): void;
  set(online: boolean): void;
}

/** Creates a {@link ManualConnectivity}, online unless told otherwise. */
export function manualConnectivity(initiallyOnline = true): ManualConnectivity {
  let online = initiallyOnline;
  const listeners = new ListenerSet<[boolean]>();
  const set = (next: boolean): void => {
    if (next === online) return;
    online = next;
    listeners.emit(next);
  };
  return {
    isOnline: () => online,
    subscribe: (listener) => listeners.add(listener),
    goOnline: () => set(true),
    goOffline: () => set(false),
    set,
  };
}
