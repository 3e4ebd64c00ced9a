/**
 * `npm run demo`: InfiniteStories offline-first, end to end, on the embedded fake backend over
 * real loopback HTTP. Two devices of one family (a tablet on a SQLite file, a phone in memory)
 * sign in as the same parent and:
 *
 *  1. start in sync;  2. both go offline; the tablet creates a hero and edits a story while the
 *  phone edits the same story;  3. both reconnect: the story conflict appears and is resolved;
 *  4. a hero deleted on the phone disappears from the tablet;  5. the tablet app restarts on its
 *  SQLite file with its queue intact;  6. a story's audio is downloaded, then played offline;
 *  7. a legacy library is migrated.
 *
 * Run it with `npm run demo` (`-- --json` for one JSON event per line). It imports the package
 * by its public name, as an app would.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createClient,
  type InfiniteStoriesClient,
  memorySecureStore,
  type SecureStore,
} from '@infinitestories/sdk';
import { fileBlobStore } from '@infinitestories/sdk/node';
import { sqliteStorage } from '@infinitestories/sdk/sqlite';
import {
  type FakeBackendServer,
  type ManualConnectivity,
  manualConnectivity,
  startFakeBackendServer,
} from '@infinitestories/sdk/testing';
import Database from 'better-sqlite3';
import { playStoryOffline } from './demo/media-step.js';
import { migrateSampleLibrary } from './demo/migration-step.js';
import { createNarrator, type Narrator } from './demo/narrator.js';

const PARENT = { email: 'parent@example.com', password: 'correct-horse-battery', name: 'Sam' };

/** One device: its client, its network switch, and (for the tablet) its files. */
interface Device {
  name: string;
  client: InfiniteStoriesClient;
  net: ManualConnectivity;
  unwatch: () => void;
}

function openTablet(
  server: FakeBackendServer,
  folder: string,
  secureStore: SecureStore,
  online = true,
) {
  const net = manualConnectivity(online);
  const client = createClient({
    baseUrl: server.url,
    storage: sqliteStorage(new Database(join(folder, 'tablet.sqlite'))),
    secureStore, // the app's Keychain/Keystore; kept in memory across the demo's restart
    blobStore: fileBlobStore({ directory: join(folder, 'media') }),
    connectivity: net,
    sync: { autoStart: false },
  });
  return { client, net };
}

const heroNames = (client: InfiniteStoriesClient): string =>
  client.heroes
    .list()
    .map((hero) => hero.name)
    .sort()
    .join(', ');

const ending = (text: string): string => text.split('\n').filter(Boolean).at(-1) ?? '';

/** One sync round, said in a reader's words: what was sent, and any conflict. */
async function round(device: Device, n: Narrator): Promise<void> {
  const r = await device.client.sync.syncNow();
  const sent =
    r.pushed === 0 ? 'nothing to send' : `sent ${r.pushed} change${r.pushed === 1 ? '' : 's'}`;
  const conflicts = r.conflicts > 0 ? `, ${r.conflicts} conflict to resolve` : '';
  n.say(`${device.name} synced: ${sent}, received what changed elsewhere${conflicts}`);
}

async function startInSync(tablet: Device, phone: Device, n: Narrator) {
  n.step('Two devices, one family: both sign in as the same parent');
  await tablet.client.auth.signIn(PARENT);
  await phone.client.auth.signIn(PARENT);
  n.say(`tablet and phone signed in as ${phone.client.auth.getSnapshot().user?.email}`);
  await tablet.client.heroes.create({ name: 'Luna', age: 7, traits: ['brave', 'curious'] });
  await tablet.client.heroes.create({ name: 'Max', age: 5, traits: ['kind'] });
  n.say('the tablet creates Luna and Max: saved locally at once, queued for the server');
  await round(tablet, n);
  const luna = tablet.client.heroes.list().find((hero) => hero.name === 'Luna');
  if (!luna) throw new Error('Luna is missing');
  const story = await tablet.client.stories.generate({
    heroId: luna.id,
    language: 'en',
    eventType: 'Bedtime Adventure',
  });
  n.say(`the server writes a bedtime story: "${story.title}"`);
  await round(phone, n);
  n.check(
    heroNames(phone.client) === 'Luna, Max',
    `the phone has ${heroNames(phone.client)} and the story`,
  );
  return story.id;
}

async function offlineEdits(tablet: Device, phone: Device, storyId: string, n: Narrator) {
  n.step('Both devices go offline and edit the same story');
  tablet.net.goOffline();
  phone.net.goOffline();
  await tablet.client.heroes.create({ name: 'Nova', age: 6, traits: ['clever'] });
  const base = tablet.client.stories.get(storyId)?.content ?? '';
  await tablet.client.stories.update(storyId, {
    content: `${base}\n\nAnd Luna waved goodnight to the moon.`,
  });
  n.say('tablet (offline): creates the hero Nova and adds an ending to the story');
  const phoneStory = phone.client.stories.list()[0];
  if (!phoneStory) throw new Error('the phone has no story');
  await phone.client.stories.update(phoneStory.id, {
    content: `${phoneStory.content}\n\nAnd Luna fell asleep under the stars.`,
  });
  n.say('phone (offline too): adds a different ending to the same story');
  n.check(
    tablet.client.heroes.list().some((h) => h.name === 'Nova' && h.syncStatus === 'pendingCreate'),
    'Nova is on the tablet already, marked "pendingCreate": the app never waits for the network',
  );
}

async function reconnect(tablet: Device, phone: Device, n: Narrator) {
  n.step('Both reconnect: the tablet first, then the phone');
  tablet.net.goOnline();
  await round(tablet, n);
  phone.net.goOnline();
  await round(phone, n);
  const conflict = phone.client.conflicts.list()[0];
  if (!conflict) {
    n.check(false, 'a conflict appears on the phone');
    return;
  }
  const local = String(conflict.local.content ?? '');
  const remote = String(conflict.remote?.content ?? '');
  n.say('the story text was changed on both devices since they last agreed:');
  n.say(`  on this phone: "…${ending(local)}"`);
  n.say(`  on the server: "…${ending(remote)}" (from the tablet)`);
  n.say('text is never merged silently: the app asks, and the parent keeps both endings');
  await phone.client.conflicts.resolve(conflict.id, {
    merged: { content: `${remote}\n${ending(local)}` },
  });
  await round(phone, n);
  await round(tablet, n);
  const same = tablet.client.stories.list()[0]?.content === phone.client.stories.list()[0]?.content;
  n.check(same, 'both devices now read the same story, with both endings');
  n.check(
    heroNames(phone.client) === 'Luna, Max, Nova',
    `the phone got Nova: ${heroNames(phone.client)}`,
  );
}

async function deleteOnPhone(tablet: Device, phone: Device, n: Narrator) {
  n.step('A hero deleted on the phone disappears from the tablet');
  const max = phone.client.heroes.list().find((hero) => hero.name === 'Max');
  if (max) await phone.client.heroes.delete(max.id);
  await round(phone, n);
  n.say("the backend keeps no record of deletions: each round compares the server's count of");
  n.say("heroes and stories with the device's (one small request each) and lists ids only when");
  n.say('they differ, so a delete reaches the other device at its next round');
  await round(tablet, n);
  n.check(
    heroNames(tablet.client) === 'Luna, Nova',
    `the tablet now has ${heroNames(tablet.client)}`,
  );
}

async function restart(device: Device, reopen: () => Device, phone: Device, n: Narrator) {
  n.step('The tablet app restarts: its queue is still in the SQLite file');
  device.net.goOffline();
  const nova = device.client.heroes.list().find((hero) => hero.name === 'Nova');
  if (nova) await device.client.heroes.update(nova.id, { name: 'Nova Starlight' });
  n.say(
    `offline again, the tablet renames Nova; ${device.client.sync.getSnapshot().pendingCount} change waiting`,
  );
  device.unwatch();
  await device.client.close();
  n.say('the app is closed…');
  const next = reopen();
  await next.client.ready;
  const queued = next.client.sync.pending();
  n.say(
    `…and opened again, still offline: signed in as ${next.client.auth.getSnapshot().user?.email}`,
  );
  n.check(
    queued.length === 1 && queued[0]?.collection === 'heroes',
    `the queue survived: ${queued.map((m) => `${m.op} ${m.collection}`).join(', ')}`,
  );
  next.net.goOnline();
  await round(next, n);
  await round(phone, n);
  n.check(
    heroNames(phone.client) === 'Luna, Nova Starlight',
    `the phone has ${heroNames(phone.client)}`,
  );
  return next;
}

async function main(): Promise<void> {
  const n = createNarrator(process.argv.slice(2));
  const folder = await mkdtemp(join(tmpdir(), 'infinitestories-demo-'));
  const server = await startFakeBackendServer({ authRateLimit: false });
  await server.backend.createUser(PARENT);
  n.say(`fake backend listening on ${server.url} (a real better-auth inside, data in memory)`);
  const secureStore = memorySecureStore();
  const device = (
    name: string,
    open: () => { client: InfiniteStoriesClient; net: ManualConnectivity },
  ) => {
    const { client, net } = open();
    const d: Device = { name, client, net, unwatch: () => {} };
    // Its status is shown from the moment it has opened its storage: before that, it knows no
    // queue and would say "0 waiting" for a moment after a restart.
    void client.ready.then(
      () => {
        d.unwatch = n.watch(name, client);
      },
      () => {},
    );
    return d;
  };
  let tablet = device('tablet', () => openTablet(server, folder, secureStore));
  const phoneNet = manualConnectivity();
  const phone = device('phone', () => ({
    client: createClient({
      baseUrl: server.url,
      connectivity: phoneNet,
      sync: { autoStart: false },
    }),
    net: phoneNet,
  }));
  try {
    await Promise.all([tablet.client.ready, phone.client.ready]);
    const storyId = await startInSync(tablet, phone, n);
    await offlineEdits(tablet, phone, storyId, n);
    await reconnect(tablet, phone, n);
    await deleteOnPhone(tablet, phone, n);
    tablet = await restart(
      tablet,
      // The app opens again where it was closed: offline.
      () => device('tablet', () => openTablet(server, folder, secureStore, false)),
      phone,
      n,
    );
    n.step("A story's audio: downloaded once with progress, then played offline");
    const story = tablet.client.stories.list()[0];
    if (story) await playStoryOffline(tablet.client, tablet.net, story.id, n);
    n.step('A legacy library moves into the cloud');
    await migrateSampleLibrary(server.url, n);
    n.step('Done');
    n.say(process.exitCode ? 'SOMETHING DID NOT HOLD: see the ✗ lines above' : 'every check held');
  } finally {
    tablet.unwatch();
    phone.unwatch();
    await Promise.all([tablet.client.close(), phone.client.close()]);
    await server.close();
    await rm(folder, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `demo failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
