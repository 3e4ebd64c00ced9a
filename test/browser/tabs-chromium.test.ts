// Two tabs of one origin in real headless Chromium, each running an app over indexedDBStorage
// with coordination on (Web Lock + BroadcastChannel), against the fake backend over loopback
// with real better-auth sessions. Every wait is for an event (the live list, the sync status,
// a request); nothing waits for time.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { measureCrossTabLatency } from '../../bench/tabs/run-tabs-bench.js';
import { startTabsWorld, type Tab, type TabsWorld } from '../support/chromium-tabs.js';

let world: TabsWorld;
let spaces = 0;
/** Two tabs reused from test to test (a closed one is replaced). */
let tabs: Tab[] = [];

beforeAll(async () => {
  world = await startTabsWorld();
});

afterEach(async () => {
  await world.context.setOffline(false);
  const open = tabs.filter((tab) => !tab.page.isClosed());
  await Promise.all(open.map((tab) => Promise.all([tab.call('close'), tab.page.unrouteAll()])));
  expect(tabs.flatMap((tab) => tab.errors)).toEqual([]);
});

afterAll(async () => {
  await world?.close();
});

/** A new user, and two tabs of the origin with no app open yet. */
async function scene(name: string) {
  const space = `${name}-${++spaces}`;
  const email = `${space}.${process.pid}@example.test`;
  const password = 'password-123';
  const user = await world.backend.backend.createUser({ email, password, name });
  tabs = await Promise.all(
    [0, 1].map((i) => {
      const tab = tabs[i];
      return tab && !tab.page.isClosed() ? tab : world.openTab();
    }),
  );
  const [one, two] = tabs;
  if (!one || !two) throw new Error('tabs did not open');
  const open = (tab: Tab) => tab.call('open', { baseUrl: world.apiUrl, space });
  /**
   * Opens the app in `one` and signs in there (a real better-auth session over loopback); tab 1
   * takes the push lock and its first sync round ends.
   */
  const signInOne = async () => {
    expect(await open(one)).toBe('signed-out');
    expect(await one.call('signIn', email, password)).toBe('signed-in');
    await one.call('until', { roundDone: true });
  };
  const heroesOnServer = () =>
    [...world.backend.backend.db.heroes.values()].filter((hero) => hero.userId === user.userId);
  return { one, two, open, signInOne, heroesOnServer };
}

describe('two tabs of one origin in real Chromium', () => {
  it('a hero created offline in tab 1, tab 2 loads, the network comes back: exactly one hero on the server', async () => {
    const { one, two, open, signInOne, heroesOnServer } = await scene('once');
    await signInOne();
    await world.context.setOffline(true);
    const id = await one.call('create', 'Luna');
    // Tab 2's app starts while offline: the saved session and the queued hero are there.
    expect(await open(two)).toBe('signed-in');
    expect(await two.call('heroes')).toMatchObject([
      { id, name: 'Luna', syncStatus: 'pendingCreate' },
    ]);
    await world.context.setOffline(false);
    // Both apps are told to sync, as an app does when it comes back online.
    await Promise.all([one.call('syncNow'), two.call('syncNow')]);
    const synced = { heroes: [{ id, name: 'Luna', syncStatus: 'synced' }], synced: true };
    await Promise.all([one.call('until', synced), two.call('until', synced)]);
    expect(heroesOnServer().map((hero) => hero.name)).toEqual(['Luna']);
    for (const tab of [one, two]) expect(await tab.call('heroes')).toHaveLength(1);
  });

  it('both tabs edit one hero offline (rename, appearance): both edits survive, on the server and in both tabs', async () => {
    const { one, two, open, signInOne, heroesOnServer } = await scene('both-edits');
    await signInOne();
    const id = await one.call('create', 'Nova');
    await one.call('until', { heroes: [{ id, syncStatus: 'synced' }], synced: true });
    expect(await open(two)).toBe('signed-in');
    await world.context.setOffline(true);
    await Promise.all([
      one.call('update', id, { name: 'Nova Prime' }),
      two.call('update', id, { appearance: 'a silver cape' }),
    ]);
    // Tab 2's app restarts, still offline: storage holds both edits.
    await two.call('close');
    expect(await open(two)).toBe('signed-in');
    const both = { id, name: 'Nova Prime', appearance: 'a silver cape' };
    expect(await two.call('heroes')).toMatchObject([both]);
    // Tab 1's live list shows tab 2's edit beside its own.
    expect(await one.call('until', { heroes: [both], count: 1 })).toHaveLength(1);
    await world.context.setOffline(false);
    const synced = { heroes: [{ ...both, syncStatus: 'synced' }], synced: true };
    await Promise.all([one.call('until', synced), two.call('until', synced)]);
    expect(heroesOnServer()).toMatchObject([{ name: 'Nova Prime', appearance: 'a silver cape' }]);
    for (const tab of [one, two]) expect(await tab.call('heroes')).toMatchObject([both]);
  });

  it('tab 2’s live list shows tab 1’s create without a reload', async () => {
    const { one, two, open, signInOne } = await scene('live');
    await signInOne();
    expect(await open(two)).toBe('signed-in');
    const watch = await two.call('watch', { heroes: [{ name: 'Across' }] });
    const id = await one.call('create', 'Across');
    expect(await two.call('seen', watch)).toMatchObject([{ id, name: 'Across' }]);
  });

  // test/coordination/alone-writes.test.ts is the deterministic version of the interleaving.
  it('tab 1 alone posts no write announcements; tab 2 opened later shows every hero, and tab 1’s next create live', async () => {
    const { one, two, open, signInOne } = await scene('alone');
    await signInOne();
    const before = [await one.call('create', 'Alone 1'), await one.call('create', 'Alone 2')];
    expect(await one.call('posted')).toBe(0); // nobody to hear them
    // Tab 1 keeps creating while tab 2's app starts (where its hello reaches tab 1 is not
    // forced): what tab 1 wrote before it heard tab 2 is announced with one refresh.
    const during = Promise.all([1, 2, 3].map((i) => one.call('create', `During ${i}`)));
    expect(await open(two)).toBe('signed-in');
    await during;
    const names = ['Alone 1', 'Alone 2', 'During 1', 'During 2', 'During 3'];
    const shown = await two.call('until', { heroes: names.map((name) => ({ name })), count: 5 });
    expect(shown.map((hero) => hero.id)).toEqual(expect.arrayContaining(before));
    const watch = await two.call('watch', { heroes: [{ name: 'Heard' }] });
    const posted = await one.call('posted');
    const id = await one.call('create', 'Heard');
    expect(await two.call('seen', watch)).toContainEqual(
      expect.objectContaining({ id, name: 'Heard' }),
    );
    expect(await one.call('posted')).toBeGreaterThan(posted);
  });

  it('sign-out in one tab empties the other: signed out, its live list empty, no session for a restarted app', async () => {
    const { one, two, open, signInOne } = await scene('sign-out');
    await signInOne();
    const id = await one.call('create', 'Gone');
    await one.call('until', { heroes: [{ id, syncStatus: 'synced' }], synced: true });
    expect(await open(two)).toBe('signed-in');
    expect(await two.call('heroes')).toMatchObject([{ id, name: 'Gone' }]);
    const watch = await two.call('watchSignOut');
    expect(await one.call('signOut')).toBe('signed-out');
    expect(await two.call('seenSignOut', watch)).toEqual({ status: 'signed-out', listed: 0 });
    expect(await two.call('status')).toBe('signed-out');
    await expect(two.call('heroes')).rejects.toThrow(/signed-in user/);
    // The saved session is gone from the origin: a restarted app starts signed out.
    await two.call('close');
    expect(await open(two)).toBe('signed-out');
  });

  it('the cross-tab latency bench runs in the same browser (smoke: 5 samples)', async () => {
    const { one, two } = await scene('bench');
    const report = await measureCrossTabLatency(world, { samples: 5, warmup: 1 }, [one, two]);
    for (const measured of [report.sdk, report.raw]) {
      expect(measured.samples).toBe(5);
      expect(measured.p50).toBeGreaterThan(0);
      expect(measured.p95).toBeGreaterThanOrEqual(measured.p50);
    }
  });

  it('closing the pushing tab hands pushing to the other: its pending change is pushed', async () => {
    const { one, two, open, signInOne, heroesOnServer } = await scene('handover');
    await signInOne(); // tab 1 opens first and takes the push lock
    expect(await open(two)).toBe('signed-in');
    // Tab 1 cannot reach the API; tab 2 can, and records whether it sends a hero before tab 1
    // is closed. Only the pusher's engine runs, so a request from tab 1 after the create shows
    // that tab 1 is the pusher and tried to sync (and failed).
    let creating = false;
    let closing = false;
    let oneTried: () => void = () => {};
    const oneTriedToSync = new Promise<void>((resolve) => {
      oneTried = resolve;
    });
    await one.page.route(`${world.apiUrl}/**`, async (route) => {
      if (creating) oneTried();
      await route.abort('internetdisconnected');
    });
    const twoSentAfterClose: boolean[] = [];
    await two.page.route(`${world.apiUrl}/**`, async (route) => {
      const request = route.request();
      const isHeroPost =
        request.method() === 'POST' && new URL(request.url()).pathname === '/api/v1/heroes';
      if (isHeroPost) twoSentAfterClose.push(closing);
      await route.continue();
    });
    creating = true;
    const id = await two.call('create', 'Handed');
    await oneTriedToSync;
    expect(heroesOnServer()).toEqual([]);
    closing = true;
    await one.page.close();
    await two.call('until', { heroes: [{ id, syncStatus: 'synced' }], count: 1, synced: true });
    expect(heroesOnServer().map((hero) => hero.name)).toEqual(['Handed']);
    expect(twoSentAfterClose).toEqual([true]);
  });
});
