/**
 * `npm run demo` is the README's main command. Run it twice as a user would — once for people,
 * once with `--json` for machines — and check that both runs tell the same story (so the demo
 * is deterministic apart from the port) and that every check in it held.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const run = promisify(execFile);

const demo = (args: string[]) =>
  run(process.execPath, ['--import', 'tsx', 'examples/demo.ts', ...args], {
    timeout: 90_000,
    env: { ...process.env, NO_COLOR: '1' },
  });

const normalise = (text: string): string => text.replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:PORT');

/** The plain output as events: `step N title`, `check ok text`, `status …`, `say text`. */
function plainEvents(stdout: string): string[] {
  const events: string[] = [];
  for (const line of stdout.split('\n')) {
    if (line.trim() === '') continue;
    const step = /^(\d+)\. (.*)$/.exec(line);
    const check = /^ {3}([✓✗]) (.*)$/.exec(line);
    const status =
      /^ {3}\[(\w+) *\] [●○] (online|offline) *· (\w+) *· (\d+) waiting to sync(?: · (\d+) conflict)?$/.exec(
        line,
      );
    if (step) events.push(`step ${step[1]} ${step[2]}`);
    else if (check) events.push(`check ${check[1] === '✓'} ${check[2]}`);
    else if (status) {
      events.push(`status ${status[1]} ${status[2]} ${status[3]} ${status[4]} ${status[5] ?? 0}`);
    } else events.push(`say ${line.replace(/^ {3}/, '')}`);
  }
  return events.map(normalise);
}

/** The `--json` output as the same events. */
function jsonEvents(stdout: string): string[] {
  return stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .map((e) => {
      if (e.type === 'step') return `step ${e.number} ${e.title}`;
      if (e.type === 'check') return `check ${e.ok} ${e.text}`;
      if (e.type === 'status') {
        const net = e.online ? 'online' : 'offline';
        return `status ${e.device} ${net} ${e.phase} ${e.pending} ${e.conflicts}`;
      }
      return `say ${e.text}`;
    })
    .map(normalise);
}

it('tells the same story on every run, in text and in JSON, and every check holds', async () => {
  const [plain, json] = await Promise.all([demo([]), demo(['--json'])]);
  const events = plainEvents(plain.stdout);
  expect(events).toEqual(jsonEvents(json.stdout));
  expect(plain.stdout).not.toContain('\u001b['); // no colours outside a terminal
  expect(events.filter((e) => e.startsWith('check false'))).toEqual([]);
  expect(events.filter((e) => e.startsWith('check true'))).toHaveLength(11);
  expect(events).toContain('status phone online idle 1 1'); // the conflict was visible, its change pending
  expect(events).toContain('check true the tablet now has Luna, Nova');
  expect(events).toContain('check true the queue survived: update heroes');
  expect(events).toContain('say every check held');
  expect(plain.stderr).toBe('');
}, 120_000);
