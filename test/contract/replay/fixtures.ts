/**
 * Loads the exchanges recorded from the real backend (see `recording/README.md`): the index gives
 * the order, every file one request and its response. The recording is kept in the repository
 * (`recording/`, a copy of `../shared/fixtures/real-backend/`, JSON reformatted by biome) so that
 * a fresh clone can run the replay; a test checks that the copy still equals the shared one
 * wherever that exists.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as z from 'zod';

const HERE = dirname(fileURLToPath(import.meta.url));

/** The repository's copy of the recording. */
export const FIXTURES_DIR = join(HERE, 'recording');

/** The shared original beside the repository (CONTRACT.md §11), absent on a fresh clone. */
export const SHARED_FIXTURES_DIR = resolve(HERE, '../../../../shared/fixtures/real-backend');

const keyHeadersSchema = z.object({
  'content-type': z.string().nullable(),
  'set-auth-token': z.string().nullable(),
  'set-auth-token-present': z.boolean(),
  'set-cookie-present': z.boolean(),
  date: z.string().nullable(),
  'access-control-allow-origin': z.string().nullable(),
  'access-control-expose-headers': z.string().nullable(),
  'x-retry-after': z.string().nullable(),
});

const exchangeSchema = z.object({
  name: z.string(),
  request: z.object({
    transport: z.string(),
    method: z.string(),
    path: z.string().startsWith('/'),
    headers: z.record(z.string(), z.string()),
    body: z.unknown(),
  }),
  response: z.object({
    status: z.number().int(),
    headers: keyHeadersSchema,
    allHeaders: z.record(z.string(), z.string()),
    bodyKind: z.enum(['json', 'text', 'empty']),
    body: z.unknown(),
  }),
  elapsedMs: z.number(),
  recordedAt: z.iso.datetime(),
  note: z.string().optional(),
});

const indexSchema = z.object({
  base: z.string(),
  runId: z.string(),
  exchanges: z.array(
    z.object({ file: z.string(), method: z.string(), path: z.string(), status: z.number() }),
  ),
});

/** The key response headers the recorder kept (`null` = absent). */
export type RecordedKeyHeaders = z.infer<typeof keyHeadersSchema>;

/** One recorded exchange, with its file name and number. */
export type RecordedExchange = z.infer<typeof exchangeSchema> & {
  /** The fixture file name, e.g. `007-auth-sign-in-email.json`. */
  file: string;
  /** Its three-digit number, e.g. `007`. */
  number: string;
};

/** The recording's index: base URL of the recorded backend and the files in sending order. */
export interface RecordedRun {
  /** The recorded backend's origin (its BETTER_AUTH_URL), e.g. `http://127.0.0.1:3999`. */
  base: string;
  exchanges: RecordedExchange[];
}

/** Whether the recording is present (it lives outside the repository). */
export function fixturesAvailable(dir = FIXTURES_DIR): boolean {
  return existsSync(join(dir, '000-index.json'));
}

/** Reads and validates the index and every exchange, in the order they were sent. */
export function loadRecordedRun(dir = FIXTURES_DIR): RecordedRun {
  const index = indexSchema.parse(JSON.parse(readFileSync(join(dir, '000-index.json'), 'utf8')));
  const exchanges = index.exchanges.map((entry): RecordedExchange => {
    const parsed = exchangeSchema.parse(JSON.parse(readFileSync(join(dir, entry.file), 'utf8')));
    if (parsed.request.method !== entry.method || parsed.response.status !== entry.status) {
      throw new Error(`${entry.file} disagrees with 000-index.json`);
    }
    return { ...parsed, file: entry.file, number: entry.file.slice(0, 3) };
  });
  return { base: index.base, exchanges };
}
