/**
 * The fake backend of the sync benchmarks, on a real loopback port, either in its own process
 * (the default: the server's CPU is not the client's, as with a remote server) or in this
 * process (the vitest smoke test, and `--in-process`).
 */
import { type ChildProcess, fork } from 'node:child_process';
import { startFakeBackendServer } from '../../src/testing/server.js';
import { type BackendOps, backendOps } from './backend-ops.js';

/** Where the fake backend runs. */
export type BackendMode = 'process' | 'in-process';

/** A running fake backend plus the benchmark's direct database operations. */
export interface BenchBackend extends BackendOps {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  readonly mode: BackendMode;
  close(): Promise<void>;
}

const SERVER_OPTIONS = { authRateLimit: false, fastPasswordHashing: true } as const;

/** Starts the fake backend in `mode`. */
export async function startBenchBackend(mode: BackendMode): Promise<BenchBackend> {
  return mode === 'in-process' ? startInProcess() : startChildProcess();
}

async function startInProcess(): Promise<BenchBackend> {
  const server = await startFakeBackendServer(SERVER_OPTIONS);
  return {
    ...backendOps(server.backend),
    url: server.url,
    mode: 'in-process',
    close: server.close,
  };
}

/** A message from the backend process. */
export type ChildMessage =
  | { readonly type: 'ready'; readonly url: string }
  | { readonly type: 'result'; readonly id: number; readonly value: unknown }
  | { readonly type: 'error'; readonly id: number; readonly message: string };

/** A request to the backend process. */
export type ParentMessage =
  | {
      readonly type: 'call';
      readonly id: number;
      readonly op: keyof BackendOps;
      readonly args: unknown[];
    }
  | { readonly type: 'close' };

async function startChildProcess(): Promise<BenchBackend> {
  const child: ChildProcess = fork(new URL('./backend-process.ts', import.meta.url), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const waiting = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  let nextId = 0;
  const url = await new Promise<string>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the backend process exited (${code})`)));
    child.on('message', (raw) => {
      const message = raw as ChildMessage;
      if (message.type === 'ready') {
        resolve(message.url);
        return;
      }
      const pending = waiting.get(message.id);
      waiting.delete(message.id);
      if (message.type === 'result') pending?.resolve(message.value);
      else pending?.reject(new Error(`backend process: ${message.message}`));
    });
  });
  child.removeAllListeners('exit');
  child.on('exit', () => {
    for (const pending of waiting.values()) pending.reject(new Error('the backend process exited'));
    waiting.clear();
  });
  const call = <T>(op: keyof BackendOps, ...args: unknown[]): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = ++nextId;
      waiting.set(id, { resolve: (value) => resolve(value as T), reject });
      const message: ParentMessage = { type: 'call', id, op, args };
      child.send(message);
    });
  let closing: Promise<void> | undefined;
  return {
    url,
    mode: 'process',
    createUser: (input) => call('createUser', input),
    seedHeroes: (userId, count) => call('seedHeroes', userId, count),
    touchHeroes: (userId, count, round) => call('touchHeroes', userId, count, round),
    clearHeroes: (userId) => call('clearHeroes', userId),
    countHeroes: (userId) => call('countHeroes', userId),
    close() {
      closing ??= new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) {
          resolve();
          return;
        }
        child.once('exit', () => resolve());
        const message: ParentMessage = { type: 'close' };
        child.send(message);
      });
      return closing;
    },
  };
}
