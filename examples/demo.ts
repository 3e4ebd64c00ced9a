/**
 * The demo (`npm run demo`): the embedded fake backend on a real loopback port, and two
 * "devices" (two SDK clients, each with its own storage) of one family, end to end:
 *
 *  1. sign up on the tablet, create two heroes, generate a story online;
 *  2. sign in on the phone and see everything arrive;
 *  3. both go offline, edit the same story's text and one hero, and queue the changes;
 *  4. reconnect: the hero converges by last-write-wins, the story text becomes a conflict that
 *     the user resolves with a merged text;
 *  5. both devices end with the server's state;
 *  6. the tablet downloads the story's audio and illustrations and plays them offline;
 *  7. a grandparent migrates a legacy local-only library into a new account.
 */
import { createClient, type InfiniteStoriesClient, isSdkError } from '../src/index.js';
import { manualConnectivity, startFakeBackendServer } from '../src/testing/index.js';
import { playStoryMedia } from './demo-media.js';
import { migrateSampleLibrary } from './demo-migration.js';

const say = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

async function main(): Promise<void> {
  const server = await startFakeBackendServer({ authRateLimit: false });
  say(`fake backend listening on ${server.url}`);
  const tabletNet = manualConnectivity();
  const phoneNet = manualConnectivity();
  const tablet = createClient({
    baseUrl: server.url,
    connectivity: tabletNet,
    sync: { autoStart: false },
  });
  const phone = createClient({
    baseUrl: server.url,
    connectivity: phoneNet,
    sync: { autoStart: false },
  });
  try {
    await Promise.all([tablet.ready, phone.ready]);
    const account = {
      email: 'parent@example.test',
      password: 'correct-horse-battery',
      name: 'Sam',
    };

    say('\n1. tablet: sign up, create two heroes, generate a story');
    await tablet.auth.signUp(account);
    say(`   signed in as ${tablet.auth.getSnapshot().user?.email}`);
    const luna = await tablet.heroes.create({ name: 'Luna', age: 7, traits: ['brave', 'curious'] });
    const max = await tablet.heroes.create({ name: 'Max', age: 5, traits: ['kind'] });
    say(`   created ${luna.name} and ${max.name} locally (${luna.syncStatus}, ${max.syncStatus})`);
    const pushed = await tablet.sync.syncNow();
    say(
      `   synced: pushed ${pushed.pushed}; Luna's server id is ${tablet.heroes.get(luna.id)?.serverId}`,
    );
    const story = await tablet.stories.generate({
      heroId: luna.id,
      language: 'en',
      eventType: 'Bedtime Adventure',
    });
    say(`   generated "${story.title}" (${story.content.length} characters)`);

    say('\n2. phone: sign in and pull');
    await phone.auth.signIn(account);
    const pulled = await phone.sync.syncNow();
    say(
      `   pulled ${pulled.pulled} records: heroes ${names(phone)}, stories ${phone.stories.list().length}`,
    );
    const phoneStory = phone.stories.list()[0];
    if (!phoneStory) throw new Error('the phone did not receive the story');

    say('\n3. both offline: edit the same story text and the same hero');
    tabletNet.goOffline();
    phoneNet.goOffline();
    await tablet.stories.update(story.id, {
      content: `${story.content}\n\nThe end (tablet version).`,
    });
    await phone.stories.update(phoneStory.id, {
      content: `${phoneStory.content}\n\nThe end (phone version).`,
    });
    await tablet.heroes.update(luna.id, { name: 'Luna the Brave' });
    const phoneLuna = phone.heroes.list().find((hero) => hero.name === 'Luna');
    if (phoneLuna) await phone.heroes.update(phoneLuna.id, { name: 'Luna Starlight' });
    say(
      `   tablet pending: ${tablet.sync.getSnapshot().pendingCount}, phone pending: ${phone.sync.getSnapshot().pendingCount}`,
    );
    await expectOffline(tablet);

    say('\n4. reconnect: tablet first, then phone');
    tabletNet.goOnline();
    phoneNet.goOnline();
    const tabletRound = await tablet.sync.syncNow();
    say(`   tablet: pushed ${tabletRound.pushed}, conflicts ${tabletRound.conflicts}`);
    const phoneRound = await phone.sync.syncNow();
    say(
      `   phone: pushed ${phoneRound.pushed}, pulled ${phoneRound.pulled}, conflicts ${phoneRound.conflicts}`,
    );
    for (const conflict of phone.conflicts.list()) {
      say(
        `   conflict on ${conflict.collection} (${conflict.kind}): fields ${conflict.fields.join(', ')}`,
      );
      const local = String(conflict.local.content ?? '');
      const remote = String(conflict.remote?.content ?? '');
      const merged = `${remote}\n\n(and the phone said:) ${local.split('\n').at(-1) ?? ''}`;
      await phone.conflicts.resolve(conflict.id, { merged: { content: merged } });
      say('   resolved with a merged text');
    }
    await phone.sync.syncNow();
    await tablet.sync.syncNow();

    say('\n5. converged');
    const tabletView = snapshot(tablet);
    const phoneView = snapshot(phone);
    say(`   tablet: ${tabletView}`);
    say(`   phone:  ${phoneView}`);
    const serverHeroes = [...server.backend.db.heroes.values()].map((hero) => hero.name).sort();
    const serverStory = [...server.backend.db.stories.values()][0];
    const agree =
      tabletView === phoneView &&
      serverHeroes.join(', ') === names(tablet) &&
      tablet.stories.list()[0]?.content === serverStory?.content;
    say(`   server: heroes ${serverHeroes.join(', ')}; story text matches: ${agree}`);
    say(agree ? '   both devices agree with the server' : '   DEVICES AND SERVER DIFFER');
    if (!agree) process.exitCode = 1;

    say('\n6. media: audio and illustrations downloaded with progress, then played offline');
    await playStoryMedia(tablet, tabletNet, story.id, say);
    say('\n7. a legacy local-only library moves into the cloud');
    if (!(await migrateSampleLibrary(server.url, say))) process.exitCode = 1;
  } finally {
    await Promise.all([tablet.close(), phone.close()]);
    await server.close();
  }
}

function names(client: InfiniteStoriesClient): string {
  return client.heroes
    .list()
    .map((hero) => hero.name)
    .sort()
    .join(', ');
}

function snapshot(client: InfiniteStoriesClient): string {
  const stories = client.stories
    .list()
    .map((story) => `${story.title}: …${story.content.slice(-40)}`);
  return JSON.stringify({ heroes: names(client), stories });
}

async function expectOffline(client: InfiniteStoriesClient): Promise<void> {
  try {
    await client.stories.generate({ heroId: client.heroes.list()[0]?.id ?? '', language: 'en' });
  } catch (error) {
    if (isSdkError(error)) say(`   generating a story offline fails fast: ${error.name}`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `demo failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
