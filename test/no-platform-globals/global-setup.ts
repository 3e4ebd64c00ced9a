/**
 * Runs in vitest's main process, where the platform globals are intact: starts the fake backend
 * on loopback HTTP and hands its URL to the test workers (which remove those globals).
 */
import type { TestProject } from 'vitest/node';
import { type FakeBackendServer, startFakeBackendServer } from '../../src/testing/index.js';

declare module 'vitest' {
  export interface ProvidedContext {
    fakeBackendUrl: string;
  }
}

let running: FakeBackendServer | undefined;

export async function setup(project: TestProject): Promise<void> {
  running = await startFakeBackendServer({ authRateLimit: false, fastPasswordHashing: true });
  project.provide('fakeBackendUrl', running.url);
}

export async function teardown(): Promise<void> {
  await running?.close();
}
