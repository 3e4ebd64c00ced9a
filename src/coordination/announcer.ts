/**
 * The announcements of one client's durable writes on its change channel, at most one per
 * {@link ANNOUNCE_GAP_MS}: a write after a quiet spell is announced at once; the writes that
 * follow it within the gap are announced together when the gap ends (their row keys in one
 * message). A message costs the writer far more than the keys in it (in Chromium a
 * `BroadcastChannel` post made each awaited create of a burst about 15 % slower, decision
 * 0033d), and the other clients re-read the rows a message names, so one message for a burst
 * loses nothing. Nothing is dropped: keys waiting for the end of a gap are posted by `flush`.
 */
import type { TimerHandle, Timers } from '../platform/clock.js';

/**
 * The shortest time between two announcements of one client, ms: shorter than the time a user
 * takes between two edits, longer than a durable write in a burst (about 1–2 ms in Chromium).
 */
export const ANNOUNCE_GAP_MS = 8;

/** See the module comment. */
export interface Announcer {
  /** Announces the row keys of one durable write (now, or when the current gap ends). */
  announce(keys: readonly string[]): void;
  /** Posts what waits for the end of the gap now (before the channel closes). */
  flush(): void;
}

/**
 * An {@link Announcer} that posts through `post`, timing its gaps with `timers` and `now` (ms).
 * A gap whose timer is late (a hidden tab's timers are throttled to about one a second, or
 * less) ends at the first write after its end instead: a stream of writes is announced at
 * least once per gap whatever the timers; only the last writes of a burst wait for the timer.
 */
export function gappedAnnouncer(
  post: (keys: readonly string[]) => void,
  timers: Timers,
  now: () => number,
  gapMs: number = ANNOUNCE_GAP_MS,
): Announcer {
  let gap: TimerHandle | undefined;
  let endsAt = 0;
  let waiting = new Set<string>();
  const open = (): void => {
    endsAt = now() + gapMs;
    gap = timers.setTimeout(endGap, gapMs);
  };
  const send = (): void => {
    const keys = [...waiting];
    waiting = new Set();
    post(keys);
  };
  function endGap(): void {
    gap = undefined;
    if (waiting.size === 0) return;
    send();
    open();
  }
  return {
    announce(keys) {
      if (gap !== undefined && now() < endsAt) {
        for (const key of keys) waiting.add(key);
        return;
      }
      if (gap !== undefined) timers.clearTimeout(gap);
      for (const key of keys) waiting.add(key);
      send();
      open();
    },
    flush() {
      if (gap !== undefined) timers.clearTimeout(gap);
      gap = undefined;
      if (waiting.size > 0) send();
    },
  };
}
