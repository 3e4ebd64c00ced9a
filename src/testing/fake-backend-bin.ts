/** The `infinitestories-fake-backend` command; see {@link FAKE_BACKEND_USAGE}. */
import {
  FAKE_BACKEND_USAGE,
  parseFakeBackendArgs,
  startFakeBackendCli,
} from './fake-backend-cli.js';

async function main(): Promise<void> {
  let args: ReturnType<typeof parseFakeBackendArgs>;
  try {
    args = parseFakeBackendArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n`);
    process.stderr.write(FAKE_BACKEND_USAGE);
    process.exitCode = 2;
    return;
  }
  if (args === 'help') {
    process.stdout.write(FAKE_BACKEND_USAGE);
    return;
  }
  const server = await startFakeBackendCli(args, process.stdout);
  const stop = (): void => {
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
