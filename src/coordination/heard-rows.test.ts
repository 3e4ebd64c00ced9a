import { describe, expect, it } from 'vitest';
import type { Timers } from '../platform/clock.js';
import { FRAME_WAIT_MS, type Frames, HeardRows } from './heard-rows.js';

/** Timers the test fires by hand: `fire()` runs the callbacks still set. */
function handTimers() {
  const set = new Map<number, { callback: () => void; ms: number }>();
  let next = 0;
  const timers: Timers = {
    setTimeout(callback, ms) {
      next += 1;
      set.set(next, { callback, ms });
      return next;
    },
    clearTimeout: (handle) => void set.delete(handle as number),
  };
  return {
    timers,
    set,
    fire: () => {
      const due = [...set.values()];
      set.clear();
      for (const { callback } of due) callback();
    },
  };
}

/** A page's frames driven by the test: `frame()` runs the callbacks waiting for one. */
function testFrames() {
  let visible = true;
  const waiting: Array<() => void> = [];
  const watchers = new Set<() => void>();
  const frames: Frames = {
    running: () => visible,
    next: (callback) => void waiting.push(callback),
    onChange(callback) {
      watchers.add(callback);
      return () => watchers.delete(callback);
    },
  };
  return {
    frames,
    watchers,
    frame: () => {
      for (const callback of waiting.splice(0)) callback();
    },
    hide: () => {
      visible = false;
      for (const watcher of watchers) watcher();
    },
  };
}

/** Reads noted in `reads`; each settles when the test says so. */
function heldReads() {
  const reads: string[][] = [];
  const pending: Array<{ resolve: () => void; reject: (error: Error) => void }> = [];
  const read = (keys: readonly string[]) =>
    new Promise<void>((resolve, reject) => {
      reads.push([...keys]);
      pending.push({ resolve, reject });
    });
  return { reads, read, pending };
}

const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A `HeardRows` over held reads and hand-fired timers, noting what `after` is told. */
function receiver(frames: Frames | undefined) {
  const held = heldReads();
  const clock = handTimers();
  const afters: unknown[] = [];
  const heard = new HeardRows(held.read, (error) => afters.push(error), frames, clock.timers);
  return { held, clock, afters, heard };
}

describe('HeardRows', () => {
  it('reads at once, then at most once a frame with the keys heard meanwhile merged', async () => {
    const page = testFrames();
    const { held, afters, heard } = receiver(page.frames);
    heard.hear(['a']);
    expect(held.reads).toEqual([['a']]);
    heard.hear(['b']);
    held.pending[0]?.resolve();
    await settle();
    heard.hear(['c', 'b']);
    expect(held.reads).toEqual([['a']]); // the next read waits for the frame
    page.frame();
    await settle();
    expect(held.reads).toEqual([['a'], ['b', 'c']]);
    held.pending[1]?.resolve();
    await settle();
    page.frame(); // nothing heard since: the reads end
    await settle();
    heard.hear(['d']); // a quiet frame went by: read at once
    expect(held.reads).toEqual([['a'], ['b', 'c'], ['d']]);
    expect(afters).toEqual([undefined, undefined]);
    heard.close();
    expect(page.watchers.size).toBe(0);
  });

  it('reads what waits for a frame at once when the page is hidden (no frames run then)', async () => {
    const page = testFrames();
    const held = heldReads();
    const heard = new HeardRows(held.read, () => {}, page.frames, handTimers().timers);
    heard.hear(['a']);
    heard.hear(['b']);
    held.pending[0]?.resolve();
    await settle();
    expect(held.reads).toEqual([['a']]);
    page.hide();
    await settle();
    expect(held.reads).toEqual([['a'], ['b']]);
    held.pending[1]?.resolve();
    await settle();
    heard.hear(['c']);
    heard.hear(['d']);
    held.pending[2]?.resolve();
    await settle();
    expect(held.reads).toEqual([['a'], ['b'], ['c'], ['d']]); // hidden: no frame awaited
  });

  it('does not wait longer than FRAME_WAIT_MS for a frame that never comes, and clears the timer when one does', async () => {
    const page = testFrames();
    const { held, clock, heard } = receiver(page.frames);
    heard.hear(['a']);
    heard.hear(['b']);
    held.pending[0]?.resolve();
    await settle();
    expect(held.reads).toEqual([['a']]); // waits for a frame (a visible page that renders none)
    expect([...clock.set.values()].map(({ ms }) => ms)).toEqual([FRAME_WAIT_MS]);
    clock.fire();
    await settle();
    expect(held.reads).toEqual([['a'], ['b']]);
    heard.hear(['c']);
    held.pending[1]?.resolve();
    await settle();
    expect(clock.set.size).toBe(1);
    page.frame(); // the frame comes first: its timer is cleared
    await settle();
    expect(held.reads).toEqual([['a'], ['b'], ['c']]);
    expect(clock.set.size).toBe(0);
  });

  it('reads nothing once closed, ends a wait for a frame and resolves after the read under way', async () => {
    const page = testFrames();
    const { held, clock, afters, heard } = receiver(page.frames);
    heard.hear(['a']);
    heard.hear(['b']);
    let closed = false;
    const closing = heard.close().then(() => {
      closed = true;
    });
    await settle();
    expect(closed).toBe(false); // the read of 'a' is under way
    held.pending[0]?.resolve();
    await closing;
    heard.hear(['c']);
    page.frame();
    clock.fire();
    await settle();
    expect(held.reads).toEqual([['a']]);
    expect(afters).toEqual([]); // nothing told after the close
    expect(clock.set.size).toBe(0);
  });

  it('goes on reading when the callback after a read throws', async () => {
    const held = heldReads();
    const heard = new HeardRows(
      held.read,
      () => {
        throw new Error('a logger that throws');
      },
      undefined,
      handTimers().timers,
    );
    heard.hear(['a']);
    held.pending[0]?.resolve();
    await settle();
    heard.hear(['b']);
    expect(held.reads).toEqual([['a'], ['b']]);
  });

  it('reads the keys of a failed read once more, then drops them', async () => {
    const { held, afters, heard } = receiver(undefined);
    heard.hear(['a']);
    heard.hear(['b']);
    held.pending[0]?.reject(new Error('read failed'));
    await settle();
    expect(held.reads).toEqual([['a'], ['b', 'a']]);
    held.pending[1]?.reject(new Error('failed again'));
    await settle();
    expect(held.reads).toEqual([['a'], ['b', 'a'], ['b']]); // 'a' failed twice: dropped
    held.pending[2]?.resolve();
    await settle();
    expect(afters).toEqual([new Error('read failed'), new Error('failed again'), undefined]);
  });
});
