/**
 * How the demo talks: numbered steps, indented lines, live sync status per device, progress
 * bars. Colours and bars that redraw in place only on a terminal (and never with `NO_COLOR`);
 * plain lines when the output is a file or a pipe; one JSON object per line with `--json`.
 */
import type { InfiniteStoriesClient } from '@infinitestories/sdk';

/** The output modes of the demo. */
export type NarratorMode = 'tty' | 'plain' | 'json';

/** What the demo writes through. */
export interface Narrator {
  readonly mode: NarratorMode;
  /** A numbered step heading. */
  step(title: string): void;
  /** A line of the story. */
  say(text: string): void;
  /** A checked outcome: green "✓" when it holds; otherwise red "✗" and a failing exit code. */
  check(holds: boolean, text: string): void;
  /** Prints the device's sync status whenever it changes; returns the unsubscribe function. */
  watch(device: string, client: InfiniteStoriesClient): () => void;
  /** A progress bar (redrawn in place on a terminal; only its end is printed otherwise). */
  progress(label: string, fraction: number, detail?: string): void;
  /** Ends the current progress bar with a final line. */
  endProgress(text: string): void;
}

const COLOURS = { dim: 2, bold: 1, green: 32, red: 31, yellow: 33, cyan: 36 } as const;

/** Creates the narrator for `argv` and the process's standard output. */
export function createNarrator(argv: readonly string[], out = process.stdout): Narrator {
  const mode: NarratorMode = argv.includes('--json')
    ? 'json'
    : out.isTTY && !process.env.NO_COLOR
      ? 'tty'
      : 'plain';
  const paint = (colour: keyof typeof COLOURS, text: string): string =>
    mode === 'tty' ? `\u001b[${COLOURS[colour]}m${text}\u001b[0m` : text;
  let barOpen = false;
  const line = (text: string): void => {
    if (barOpen) out.write('\n');
    barOpen = false;
    out.write(`${text}\n`);
  };
  const emit = (event: Record<string, unknown>): void => {
    out.write(`${JSON.stringify(event)}\n`);
  };
  let stepNumber = 0;
  return {
    mode,
    step(title) {
      stepNumber++;
      if (mode === 'json') emit({ type: 'step', number: stepNumber, title });
      else line(`\n${paint('bold', `${stepNumber}. ${title}`)}`);
    },
    say(text) {
      if (mode === 'json') emit({ type: 'say', text });
      else line(`   ${text}`);
    },
    check(holds, text) {
      if (!holds) process.exitCode = 1;
      if (mode === 'json') emit({ type: 'check', ok: holds, text });
      else line(`   ${holds ? paint('green', '✓') : paint('red', '✗')} ${text}`);
    },
    watch(device, client) {
      let last = '';
      const show = (): void => {
        const s = client.sync.getSnapshot();
        const key = `${s.online}/${s.phase}/${s.pendingCount}/${s.conflictCount}`;
        if (key === last) return;
        last = key;
        if (mode === 'json') {
          emit({
            type: 'status',
            device,
            online: s.online,
            phase: s.phase,
            pending: s.pendingCount,
            conflicts: s.conflictCount,
          });
          return;
        }
        const net = s.online ? paint('green', '● online ') : paint('yellow', '○ offline');
        const conflicts = s.conflictCount > 0 ? paint('red', ` · ${s.conflictCount} conflict`) : '';
        line(
          paint('dim', `   [${device.padEnd(6)}] `) +
            `${net} · ${s.phase.padEnd(7)} · ${s.pendingCount} waiting to sync${conflicts}`,
        );
      };
      show();
      return client.sync.subscribe(show);
    },
    progress(label, fraction, detail = '') {
      if (mode !== 'tty') return;
      const width = 24;
      const filled = Math.round(Math.min(1, Math.max(0, fraction)) * width);
      const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
      out.write(
        `\r   ${label} ${paint('cyan', bar)} ${Math.round(fraction * 100)}% ${detail}\u001b[K`,
      );
      barOpen = true;
    },
    endProgress(text) {
      if (mode === 'tty' && barOpen) out.write('\r\u001b[K');
      barOpen = false;
      if (mode === 'json') emit({ type: 'progress-done', text });
      else out.write(`   ${text}\n`);
    },
  };
}
