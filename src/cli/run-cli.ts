/**
 * `infinitestories migrate`: signs in, migrates a legacy export with a progress bar, prints a
 * readable report, and exits non-zero on failure (1: the migration failed, 2: bad usage).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { createClient, type InfiniteStoriesClient } from '../client/create-client.js';
import {
  migrateLegacyLibrary,
  resumeLegacyMigration,
  rollbackLegacyMigration,
} from '../migration/migrate-legacy-library.js';
import { isMigrationError } from '../migration/migration-error.js';
import type { MigrateLegacyLibraryOptions } from '../migration/migration-options.js';
import { fileMediaReader } from './file-media-reader.js';
import { formatReport, formatRollback } from './format-report.js';
import { jsonFileCheckpointStore } from './json-file-checkpoint-store.js';
import { type MigrateArgs, parseMigrateArgs, USAGE } from './parse-args.js';
import { startProgressBar } from './progress-bar.js';
import { type PromptIo, readPassword } from './read-password.js';

/** The process parts the CLI uses (injectable for tests). */
export interface CliIo extends PromptIo {
  readonly stdout: NodeJS.WriteStream;
}

async function signIn(args: MigrateArgs, io: CliIo): Promise<InfiniteStoriesClient> {
  const client = createClient({ baseUrl: args.baseUrl ?? '', sync: { autoStart: false } });
  await client.ready;
  const email = args.email ?? '';
  await client.auth.signIn({ email, password: await readPassword(io, email) });
  return client;
}

async function readExport(path: string): Promise<unknown> {
  const text = await readFile(path, 'utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new Error(`${path} is not valid JSON (${String(error)})`);
  }
}

async function execute(args: MigrateArgs, io: CliIo, signal: AbortSignal): Promise<void> {
  const exportPath = resolve(args.exportPath);
  const data = await readExport(exportPath);
  const base = {
    checkpointStore: jsonFileCheckpointStore(args.checkpoint ?? `${exportPath}.checkpoint.json`),
    readMedia: fileMediaReader(dirname(exportPath)),
    signal,
  };
  if (args.mode === 'dry-run') {
    const offline = createClient({ baseUrl: 'http://localhost', sync: { autoStart: false } });
    try {
      const report = await migrateLegacyLibrary(data, {
        ...base,
        client: { api: offline.api },
        dryRun: true,
      });
      io.stdout.write(formatReport(report));
    } finally {
      await offline.close();
    }
    return;
  }
  const client = await signIn(args, io);
  try {
    const options: MigrateLegacyLibraryOptions = { ...base, client: { api: client.api } };
    if (args.mode === 'rollback') {
      io.stdout.write(formatRollback(await rollbackLegacyMigration(data, options)));
      return;
    }
    const bar = startProgressBar(io.stderr);
    const migrate = args.mode === 'resume' ? resumeLegacyMigration : migrateLegacyLibrary;
    const report = await migrate(data, { ...options, onProgress: (p) => bar.update(p) }).finally(
      () => bar.stop(),
    );
    io.stdout.write(formatReport(report));
    if (args.reportPath) {
      await writeFile(args.reportPath, `${JSON.stringify(report, null, 2)}\n`, 'utf8');
      io.stdout.write(`Full report written to ${args.reportPath}\n`);
    }
  } finally {
    await client.close();
  }
}

function describeFailure(error: unknown): string {
  if (!isMigrationError(error))
    return `error: ${error instanceof Error ? error.message : String(error)}\n`;
  const lines = [`migration failed (${error.kind}): ${error.message}`];
  for (const issue of error.issues.slice(0, 50)) {
    lines.push(`  ${issue.path || '(export)'}: ${issue.message}`);
  }
  if (error.issues.length > 50) lines.push(`  … and ${error.issues.length - 50} more`);
  if (error.resumable)
    lines.push('Nothing was lost. Run the same command with --resume to continue.');
  if (error.rolledBack) lines.push('What it had created on the server was deleted again.');
  return `${lines.join('\n')}\n`;
}

/** Runs the CLI; resolves with the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let args: MigrateArgs | 'help';
  try {
    args = parseMigrateArgs(argv);
  } catch (error) {
    io.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return 2;
  }
  if (args === 'help') {
    io.stdout.write(USAGE);
    return 0;
  }
  const controller = new AbortController();
  const onInterrupt = () => controller.abort(new Error('interrupted'));
  process.once('SIGINT', onInterrupt);
  try {
    await execute(args, io, controller.signal);
    return 0;
  } catch (error) {
    io.stderr.write(describeFailure(error));
    return 1;
  } finally {
    process.off('SIGINT', onInterrupt);
  }
}
