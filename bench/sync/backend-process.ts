/**
 * Entry of the benchmark's backend process: starts the fake backend on loopback, reports its
 * URL, then runs the database operations the parent asks for (IPC) until told to close.
 */
import { startFakeBackendServer } from '../../src/testing/server.js';
import type { ChildMessage, ParentMessage } from './backend.js';
import { backendOps } from './backend-ops.js';

const send = (message: ChildMessage): void => {
  process.send?.(message);
};

const server = await startFakeBackendServer({ authRateLimit: false, fastPasswordHashing: true });
const ops = backendOps(server.backend);

process.on('message', (raw) => {
  const message = raw as ParentMessage;
  if (message.type === 'close') {
    void server.close().then(() => process.exit(0));
    return;
  }
  const op = ops[message.op] as (...args: unknown[]) => Promise<unknown>;
  op(...message.args).then(
    (value) => send({ type: 'result', id: message.id, value }),
    (error: unknown) => send({ type: 'error', id: message.id, message: String(error) }),
  );
});
process.on('disconnect', () => {
  void server.close().then(() => process.exit(0));
});

send({ type: 'ready', url: server.url });
