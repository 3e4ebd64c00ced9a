import { describe, expect, it } from 'vitest';
import { browserConnectivity, connectivityFromEvents, manualConnectivity } from './connectivity.js';

describe('manualConnectivity', () => {
  it('emits only on a real change', () => {
    const connectivity = manualConnectivity();
    const seen: boolean[] = [];
    const unsubscribe = connectivity.subscribe((online) => seen.push(online));
    connectivity.goOnline();
    connectivity.goOffline();
    connectivity.goOffline();
    connectivity.goOnline();
    unsubscribe();
    connectivity.goOffline();
    expect(seen).toEqual([false, true]);
    expect(connectivity.isOnline()).toBe(false);
  });
});

describe('connectivityFromEvents', () => {
  it('sets up with the first listener and cleans up with the last', () => {
    let setups = 0;
    let cleanups = 0;
    let push: ((online: boolean) => void) | undefined;
    const monitor = connectivityFromEvents(true, (setOnline) => {
      setups++;
      push = setOnline;
      return () => {
        cleanups++;
      };
    });
    const seen: boolean[] = [];
    const a = monitor.subscribe((online) => seen.push(online));
    const b = monitor.subscribe(() => {});
    expect(setups).toBe(1);
    push?.(false);
    push?.(false);
    expect(seen).toEqual([false]);
    expect(monitor.isOnline()).toBe(false);
    a();
    a();
    expect(cleanups).toBe(0);
    b();
    expect(cleanups).toBe(1);
  });
});

describe('browserConnectivity', () => {
  it('follows online/offline events of the given target', () => {
    const target = new EventTarget();
    const monitor = browserConnectivity(target, { onLine: false });
    const seen: boolean[] = [];
    const unsubscribe = monitor.subscribe((online) => seen.push(online));
    expect(monitor.isOnline()).toBe(false);
    target.dispatchEvent(new Event('online'));
    target.dispatchEvent(new Event('offline'));
    unsubscribe();
    target.dispatchEvent(new Event('online'));
    expect(seen).toEqual([true, false]);
  });
});
