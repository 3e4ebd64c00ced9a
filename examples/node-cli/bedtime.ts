/**
 * `bedtime`: a small command-line app on the SDK with SQLite storage. Its records and its queue
 * of unsent changes live in one SQLite file, its session in a file next to it, so changes made
 * offline are sent by a later run.
 *
 *   npx tsx examples/node-cli/bedtime.ts --base-url <url> --data <dir> sign-in <email>
 *   npx tsx examples/node-cli/bedtime.ts --base-url <url> --data <dir> [--offline] add-hero <name>
 *   npx tsx examples/node-cli/bedtime.ts --base-url <url> --data <dir> [--offline] list
 *   npx tsx examples/node-cli/bedtime.ts --base-url <url> --data <dir> sync
 *
 * The password of `sign-in` comes from BEDTIME_PASSWORD. Try it against the fake backend, from
 * this repository: `npm run fake-backend -- --user parent@example.com:correct-horse-battery`
 * (it prints the `--base-url` to use).
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  connectivityFromEvents,
  createClient,
  type InfiniteStoriesClient,
} from '@infinitestories/sdk';
import { sqliteStorage } from '@infinitestories/sdk/sqlite';
import Database from 'better-sqlite3';
import { fileSecureStore } from './file-secure-store.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    'base-url': { type: 'string' },
    data: { type: 'string', default: './bedtime-data' },
    offline: { type: 'boolean', default: false },
  },
});

async function run(
  client: InfiniteStoriesClient,
  command: string | undefined,
  arg: string | undefined,
) {
  if (command === 'sign-in') {
    if (!arg) throw new Error('usage: sign-in <email>');
    await client.auth.signIn({ email: arg, password: process.env.BEDTIME_PASSWORD ?? '' });
    console.log(`signed in as ${client.auth.getSnapshot().user?.email}`);
    return;
  }
  if (client.auth.getSnapshot().status !== 'signed-in') throw new Error('sign in first');
  if (command === 'add-hero') {
    if (!arg) throw new Error('usage: add-hero <name>');
    const hero = await client.heroes.create({ name: arg, age: 7, traits: ['brave'] });
    console.log(`added ${hero.name} (${hero.syncStatus})`);
  } else if (command === 'sync') {
    const result = await client.sync.syncNow();
    console.log(`sent ${result.pushed}, conflicts ${result.conflicts}, failed ${result.failed}`);
  } else if (command !== 'list') {
    throw new Error(`unknown command ${command ?? '(none)'}: sign-in, add-hero, list or sync`);
  }
  for (const hero of client.heroes.list({ orderBy: 'name' })) {
    console.log(`  ${hero.name} (${hero.syncStatus})`);
  }
  console.log(`${client.sync.getSnapshot().pendingCount} change(s) waiting to sync`);
}

async function main(): Promise<void> {
  const baseUrl = values['base-url'];
  if (!baseUrl) throw new Error('--base-url is required');
  await mkdir(values.data, { recursive: true });
  const client = createClient({
    baseUrl,
    storage: sqliteStorage(new Database(join(values.data, 'bedtime.sqlite'))),
    secureStore: fileSecureStore(join(values.data, 'session.json')),
    // A CLI has no online/offline events: `--offline` pins it, otherwise it is online.
    connectivity: connectivityFromEvents(!values.offline, () => () => {}),
    sync: { autoStart: false },
  });
  try {
    await client.ready;
    await run(client, positionals[0], positionals[1]);
  } finally {
    await client.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
