/**
 * `verifySessionOnOpen`: whether a client that restores a saved session checks it with
 * `get-session` as it opens — always (the default), never, or only when the last confirmation
 * is older than a period.
 */
import { describe, expect, it } from 'vitest';
import { memorySecureStore } from '../../src/auth/secure-store.js';
import { createClient } from '../../src/client/create-client.js';
import { isConfigurationError } from '../../src/errors/index.js';
import {
  credentials,
  newBackend,
  openTestDevice,
  type TestDevice,
  testClock,
} from '../support/hardening-client.js';

const SESSION = /^GET \/api\/auth\/get-session$/;

async function signedIn() {
  const backend = newBackend();
  const secureStore = memorySecureStore();
  const clock = testClock();
  const first = openTestDevice(backend, {
    secureStore,
    testClock: clock,
    sync: { autoStart: false },
  });
  await first.client.ready;
  await first.client.auth.signUp(credentials());
  await first.client.close();
  return { backend, secureStore, clock, storage: first.storage };
}

/** Opens a client on the saved session, syncs once, closes it; returns its requests. */
async function reopen(
  setup: Awaited<ReturnType<typeof signedIn>>,
  verifySessionOnOpen?: boolean | { olderThanMs: number },
): Promise<Pick<TestDevice, 'count'>> {
  const device = openTestDevice(setup.backend, {
    secureStore: setup.secureStore,
    storage: setup.storage,
    testClock: setup.clock,
    sync: { autoStart: false },
    ...(verifySessionOnOpen === undefined ? {} : { verifySessionOnOpen }),
  });
  await device.client.ready;
  await device.client.sync.syncNow(); // waits for the check, when there is one
  expect(device.client.auth.getSnapshot().status).toBe('signed-in');
  await device.client.close();
  return device;
}

describe('verifySessionOnOpen', () => {
  it('by default every open checks the restored session once', async () => {
    const setup = await signedIn();
    expect((await reopen(setup)).count(SESSION)).toBe(1);
    expect((await reopen(setup)).count(SESSION)).toBe(1);
  });

  it('false: no check at open; the session is still used', async () => {
    const setup = await signedIn();
    const device = await reopen(setup, false);
    expect(device.count(SESSION)).toBe(0);
    expect(device.count(/^GET \/api\/v1\/heroes$/)).toBeGreaterThan(0);
  });

  it('{ olderThanMs }: checks only when the last confirmation is older than the period', async () => {
    const setup = await signedIn(); // sign-up read the session: confirmed now
    const period = { olderThanMs: 60 * 60 * 1000 };
    expect((await reopen(setup, period)).count(SESSION)).toBe(0);
    setup.clock.jump(59 * 60 * 1000);
    expect((await reopen(setup, period)).count(SESSION)).toBe(0);
    setup.clock.jump(2 * 60 * 1000);
    expect((await reopen(setup, period)).count(SESSION)).toBe(1); // 61 min: checked, confirmed
    expect((await reopen(setup, period)).count(SESSION)).toBe(0);
    setup.clock.jump(-10 * 60 * 1000); // the clock went back: the age is unknown
    expect((await reopen(setup, period)).count(SESSION)).toBe(1);
  });

  it('refuses a period that cannot work', () => {
    const attempt = () =>
      createClient({
        baseUrl: 'https://api.example.test',
        verifySessionOnOpen: { olderThanMs: Number.NaN },
      });
    expect(attempt).toThrow(/verifySessionOnOpen/);
    try {
      attempt();
    } catch (error) {
      expect(isConfigurationError(error)).toBe(true);
    }
  });
});
