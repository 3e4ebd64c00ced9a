/** Command-line arguments of `infinitestories migrate`. */
import { parseArgs } from 'node:util';

/** What `infinitestories migrate` was asked to do. */
export interface MigrateArgs {
  readonly exportPath: string;
  readonly baseUrl: string | undefined;
  readonly email: string | undefined;
  readonly mode: 'run' | 'resume' | 'rollback' | 'dry-run';
  /** Where checkpoints are kept. @default `<export>.checkpoint.json` */
  readonly checkpoint: string | undefined;
  /** Also write the full report as JSON here. */
  readonly reportPath: string | undefined;
}

/** Usage text. */
export const USAGE = `Usage: infinitestories migrate <export.json> --base-url <url> --email <email> [options]

Moves a legacy InfiniteStories library into your account. The password is read from
INFINITESTORIES_PASSWORD or asked for (hidden).

Options:
  --base-url <url>      the backend, e.g. https://api.example.com
  --email <email>       the account to migrate into
  --resume              continue an interrupted migration (a plain run also continues one)
  --rollback            delete what the migration created on the server
  --dry-run             validate and plan only (no sign-in, nothing sent)
  --checkpoint <file>   checkpoint file (default: <export>.checkpoint.json)
  --report <file>       also write the full report as JSON
  -h, --help            show this help
`;

/** Parses `argv` (without the node and script paths). Throws with a usage message. */
export function parseMigrateArgs(argv: readonly string[]): MigrateArgs | 'help' {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      'base-url': { type: 'string' },
      email: { type: 'string' },
      resume: { type: 'boolean' },
      rollback: { type: 'boolean' },
      'dry-run': { type: 'boolean' },
      checkpoint: { type: 'string' },
      report: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return 'help';
  const [command, exportPath, ...rest] = positionals;
  if (command !== 'migrate' || !exportPath || rest.length > 0) {
    throw new Error('expected: infinitestories migrate <export.json> [options]');
  }
  const modes = (['resume', 'rollback', 'dry-run'] as const).filter((mode) => values[mode]);
  if (modes.length > 1) throw new Error(`choose one of --${modes.join(', --')}`);
  const mode = modes[0] ?? 'run';
  if (mode !== 'dry-run' && (!values['base-url'] || !values.email)) {
    throw new Error('--base-url and --email are required (except with --dry-run)');
  }
  return {
    exportPath,
    baseUrl: values['base-url'],
    email: values.email,
    mode,
    checkpoint: values.checkpoint,
    reportPath: values.report,
  };
}
