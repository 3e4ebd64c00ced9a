/**
 * What the recording did to the real backend besides sending the recorded requests, reproduced
 * on the fake with its test helpers (the fixtures' `note`s and CONTRACT.md §11 describe them).
 * Conditions that held for the whole recording (OpenAI and R2 unreachable) are set when the
 * fake is created, in `run-replay.ts`.
 */
import type { FakeBackend } from '../../../src/testing/index.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** A step around one exchange. */
export interface OutOfBandStep {
  /** What the recording did, from the fixture's note. */
  what: string;
  /** Runs just before the exchange is sent. `credential` resolves a request label. */
  before?: (backend: FakeBackend, credential: (label: string) => string) => void;
  /** How many identical requests were sent; only the last was recorded. @default 1 */
  sendTimes?: number;
  /**
   * Checks, after the exchange, a database fact the note states but no recorded response shows
   * (with an extra request). Returns the problems found.
   */
  verifyNote?: (backend: FakeBackend, credential: (label: string) => string) => Promise<string[]>;
}

/** An instant the fake should show within the replay's clock tolerance of a noted one. */
function near(actual: unknown, noted: string, toleranceMs: number): boolean {
  return (
    typeof actual === 'string' && Math.abs(Date.parse(actual) - Date.parse(noted)) <= toleranceMs
  );
}

/** Steps by exchange number. */
export const OUT_OF_BAND: Readonly<Record<string, OutOfBandStep>> = {
  '037': {
    what: 'Session row edited in the DB: updatedAt = now − 2 d, expiresAt = now + 28 d',
    before: (backend, credential) =>
      backend.ageSession(credential('<alice 3rd-session token (raw)>'), 2 * DAY_MS),
  },
  '039': {
    what: 'Session.expiresAt set to now − 1 min in the DB',
    before: (backend, credential) =>
      backend.expireSession(credential('<alice 3rd-session token (raw)>')),
  },
  '165': {
    what: 'the 5th of 5 identical malformed-JSON POSTs (each writes a failed usage row)',
    sendTimes: 5,
  },
  '183': {
    what: 'Session row edited before this call: updatedAt = now − 2 d, expiresAt = now + 28 d',
    before: (backend, credential) =>
      backend.ageSession(credential('<dave sign-up token (raw)>'), 2 * DAY_MS),
  },
  '184': {
    what: 'Session.expiresAt in DB after the /api/v1 call of 183: 2026-12-26T21:11:01.080Z (slid)',
    verifyNote: async (backend, credential) => {
      const response = await backend.fetch(
        new Request(`${backend.baseUrl}/api/auth/get-session`, {
          headers: { authorization: `Bearer ${credential('<dave sign-up token (raw)>')}` },
        }),
      );
      const body: unknown = await response.json();
      const session =
        body !== null && typeof body === 'object' && 'session' in body ? body.session : null;
      const expiresAt =
        session !== null && typeof session === 'object' && 'expiresAt' in session
          ? session.expiresAt
          : undefined;
      const problems: string[] = [];
      if (response.headers.has('set-auth-token')) {
        problems.push('get-session still had to slide the session: 183 did not slide it');
      }
      if (!near(expiresAt, '2026-12-26T21:11:01.080Z', 3000)) {
        problems.push(`session expiresAt is ${String(expiresAt)}, not now + 30 d`);
      }
      return problems;
    },
  },
};
