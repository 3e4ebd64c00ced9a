/**
 * The demo's migration step: a grandparent's old tablet kept its stories in the legacy,
 * local-only app. Sign up, migrate the exported library with a progress bar, and show that the
 * records are in the local store as synced records and what stayed on the device.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient } from '@infinitestories/sdk';
import type { Narrator } from './narrator.js';

const examples = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Migrates `examples/legacy-library.json` into a new account on `baseUrl`. */
export async function migrateSampleLibrary(baseUrl: string, n: Narrator): Promise<void> {
  const client = createClient({ baseUrl, sync: { autoStart: false } });
  try {
    await client.ready;
    await client.auth.signUp({
      email: 'grandma@example.com',
      password: 'correct-horse-battery',
      name: 'Grandma',
    });
    const exported: unknown = JSON.parse(
      await readFile(join(examples, 'legacy-library.json'), 'utf8'),
    );
    n.say('grandma signs up on her new phone and imports legacy-library.json');
    let step = '';
    const report = await client.migration.run(exported, {
      readMedia: async (file) => new Uint8Array(await readFile(join(examples, file.path))),
      onProgress: (p) => {
        n.progress('migrating', p.overall, p.step);
        if (p.step !== step && n.mode !== 'tty')
          n.say(`  step ${p.stepIndex + 1}/${p.stepCount}: ${p.step}`);
        step = p.step;
      },
    });
    n.endProgress('migration finished');
    const v = report.verification?.counts;
    n.check(
      report.status === 'completed',
      `moved ${v?.heroes.found} heroes, ${v?.stories.found} stories, ${v?.customEvents.found} custom event and ${v?.visualProfiles.found} visual profile, each checked against the server's copy`,
    );
    for (const warning of report.warnings) n.say(`adjusted ${warning.path}: ${warning.message}`);
    const local = client.stories.list();
    n.check(
      local.length === 3 && local.every((s) => s.syncStatus === 'synced'),
      `on the phone at once: ${client.heroes.list().length} heroes and ${local.length} stories, all synced (nothing to download again)`,
    );
    const kept = new Map<string, number>();
    for (const item of report.keptLocally) {
      const key = `${item.collection} ${item.field}`;
      kept.set(key, (kept.get(key) ?? 0) + 1);
    }
    const keptText = [...kept].map(([key, count]) => `${key} ×${count}`).join(', ');
    n.say(`kept on the device (the backend has no field for them): ${keptText}`);
  } finally {
    await client.close();
  }
}
