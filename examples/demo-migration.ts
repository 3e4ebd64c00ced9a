/**
 * The demo's migration step: a grandparent's old tablet kept its stories in the legacy,
 * local-only app. Sign up, migrate the exported library with a progress bar, and show that
 * the records are in the local store as synced records and what stayed on the device.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fileMediaReader } from '../src/cli/file-media-reader.js';
import { startProgressBar } from '../src/cli/progress-bar.js';
import { createClient } from '../src/index.js';

const here = dirname(fileURLToPath(import.meta.url));

/** Migrates `examples/legacy-library.json` into a new account on `baseUrl`. */
export async function migrateSampleLibrary(
  baseUrl: string,
  say: (line: string) => void,
): Promise<boolean> {
  const client = createClient({ baseUrl, sync: { autoStart: false } });
  try {
    await client.ready;
    await client.auth.signUp({
      email: 'grandma@example.test',
      password: 'correct-horse-battery',
      name: 'Grandma',
    });
    const exported: unknown = JSON.parse(await readFile(join(here, 'legacy-library.json'), 'utf8'));
    const bar = startProgressBar(process.stderr);
    const report = await client.migration
      .run(exported, { readMedia: fileMediaReader(here), onProgress: (p) => bar.update(p) })
      .finally(() => bar.stop());
    const v = report.verification?.counts;
    say(
      `   migrated legacy library: ${v?.heroes.found} heroes, ${v?.stories.found} stories, ${v?.customEvents.found} custom event, ${v?.visualProfiles.found} visual profile (${report.requests} requests)`,
    );
    for (const warning of report.warnings) say(`   adjusted ${warning.path}: ${warning.message}`);
    const local = client.stories.list();
    say(
      `   local store: ${client.heroes.list().length} heroes and ${local.length} stories, all ${local.every((s) => s.syncStatus === 'synced') ? 'synced' : 'NOT synced'}`,
    );
    for (const kept of report.keptLocally) {
      say(
        `   kept on the device: ${kept.collection} ${kept.legacyId} ${kept.field} (${kept.reason})`,
      );
    }
    return local.length === 3 && local.every((s) => s.syncStatus === 'synced');
  } finally {
    await client.close();
  }
}
