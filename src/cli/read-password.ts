/**
 * The password: from `INFINITESTORIES_PASSWORD`, else asked on the terminal without echo, else
 * (no terminal) the first line of standard input.
 */
import { createInterface } from 'node:readline';

/** Streams the password prompt uses. */
export interface PromptIo {
  readonly stdin: NodeJS.ReadStream;
  readonly stderr: NodeJS.WriteStream;
  readonly env: NodeJS.ProcessEnv;
}

function firstLine(stdin: NodeJS.ReadStream): Promise<string> {
  return new Promise((resolvePromise) => {
    const lines = createInterface({ input: stdin });
    let done = false;
    lines.once('line', (line) => {
      done = true;
      lines.close();
      resolvePromise(line);
    });
    lines.once('close', () => {
      if (!done) resolvePromise('');
    });
  });
}

function hiddenInput(io: PromptIo, prompt: string): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const { stdin, stderr } = io;
    let value = '';
    stderr.write(prompt);
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    const finish = (error?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      stderr.write('\n');
      if (error) reject(error);
      else resolvePromise(value);
    };
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n') return finish();
        if (char === '\u0003') return finish(new Error('cancelled'));
        if (char === '\u007f' || char === '\b') value = value.slice(0, -1);
        else value += char;
      }
    };
    stdin.on('data', onData);
  });
}

/** Reads the password without ever echoing it. */
export async function readPassword(io: PromptIo, email: string): Promise<string> {
  const fromEnv = io.env.INFINITESTORIES_PASSWORD;
  if (fromEnv) return fromEnv;
  if (io.stdin.isTTY) return hiddenInput(io, `Password for ${email}: `);
  return firstLine(io.stdin);
}
