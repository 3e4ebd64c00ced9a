/**
 * Harness of the migration tests: the fake backend (real better-auth, fast hashing) called
 * in-process through the API client's `fetch`, a request log with a kill switch, in-memory
 * checkpoint, media and file stores, and legacy library builders.
 */
import { type ApiClient, createApiClient } from '../../src/api/api-client.js';
import type { CheckpointStore, MigrationCheckpoint } from '../../src/migration/checkpoint.js';
import type { LegacyExportInput, LegacyMediaFile } from '../../src/migration/export-format.js';
import type { MediaRef, MediaSink } from '../../src/migration/media-sink.js';
import { createFakeBackend, type FakeBackend, FakeNetworkError } from '../../src/testing/index.js';

let users = 0;

/** A fresh fake backend. */
export function newBackend(): FakeBackend {
  return createFakeBackend({ authRateLimit: false, fastPasswordHashing: true });
}

/** One account on `backend`, with an API client whose requests are logged. */
export interface Account {
  readonly userId: string;
  readonly token: string;
  readonly api: ApiClient;
  /** `METHOD /path` of every request. */
  readonly log: string[];
  /** Decides the fault of each request (default: none). */
  fault: ((request: Request) => Fault) | null;
  /** Called when a `kill-*` fault fires (the test aborts the running migration there). */
  onKill: (() => void) | null;
  /** Awaited before each request reaches the server (another device acts there). */
  beforeRequest: ((request: Request) => Promise<void>) | null;
}

/**
 * What happens to one request: `network` (never reaches the server), `503`, `lost` (applied,
 * answer lost), `hang` (applied, no answer until the client's timeout), `kill-before` /
 * `kill-after` (the process dies before sending / after the server applied it).
 */
export type Fault = 'none' | 'network' | '503' | 'lost' | 'hang' | 'kill-before' | 'kill-after';

const JSON_HEADERS = { 'content-type': 'application/json' };

/** Signs up a user and builds an API client for them. */
export async function newAccount(
  backend: FakeBackend,
  options: { timeoutMs?: number } = {},
): Promise<Account> {
  users++;
  const { userId, token } = await backend.createUser({
    email: `migration.${users}.${Date.now().toString(36)}@example.test`,
    password: 'password-123',
    name: `Migrator ${users}`,
  });
  const account: Account = {
    userId,
    token,
    api: undefined as unknown as ApiClient,
    log: [],
    fault: null,
    onKill: null,
    beforeRequest: null,
  };
  const api = createApiClient({
    baseUrl: backend.baseUrl,
    auth: { getAuthorization: () => `Bearer ${token}`, onUnauthorized: async () => 'fail' },
    retry: { limit: 0 },
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    fetch: async (input, init) => {
      const request = new Request(input, init);
      const url = new URL(request.url);
      account.log.push(`${request.method} ${url.pathname}`);
      await account.beforeRequest?.(request);
      const fault = account.fault?.(request) ?? 'none';
      if (fault === 'network') throw new FakeNetworkError('injected: connection refused');
      if (fault === '503') {
        const body = { error: 'ServiceUnavailable', message: 'injected' };
        return new Response(JSON.stringify(body), { status: 503, headers: JSON_HEADERS });
      }
      if (fault === 'kill-before') {
        account.onKill?.();
        throw new FakeNetworkError('injected: the process died');
      }
      const response = await backend.fetch(request).catch((error: unknown) => {
        if (request.signal.aborted) throw new FakeNetworkError('aborted by the client');
        throw error;
      });
      if (fault === 'lost') throw new FakeNetworkError('injected: answer lost');
      if (fault === 'kill-after') {
        account.onKill?.();
        throw new FakeNetworkError('injected: the process died');
      }
      if (fault === 'hang') {
        return new Promise<Response>((_, reject) => {
          request.signal.addEventListener('abort', () => reject(request.signal.reason), {
            once: true,
          });
        });
      }
      return response;
    },
  });
  Object.assign(account, { api });
  return account;
}

/** Checkpoints in memory, as JSON (so nothing is shared by reference). */
export function memoryCheckpoints(): CheckpointStore & { docs: Map<string, string> } {
  const docs = new Map<string, string>();
  return {
    docs,
    async get(id) {
      const text = docs.get(id);
      return text === undefined ? undefined : (JSON.parse(text) as MigrationCheckpoint);
    },
    async set(id, checkpoint) {
      docs.set(id, JSON.stringify(checkpoint));
    },
    async delete(id) {
      docs.delete(id);
    },
  };
}

/** A media sink over a Map (what the media cache will do), keyed `kind:id:version`. */
export function memoryMediaSink(): MediaSink & {
  items: Map<string, { bytes: Uint8Array; contentType: string; pinned: boolean }>;
} {
  const items = new Map<string, { bytes: Uint8Array; contentType: string; pinned: boolean }>();
  return {
    items,
    async put(ref: MediaRef, data, options) {
      const bytes = data instanceof Uint8Array ? data : new Uint8Array(await data.arrayBuffer());
      items.set(`${ref.kind}:${ref.id}:${ref.version}`, {
        bytes: bytes.slice(),
        contentType: options.contentType,
        pinned: options.pin === true,
      });
    },
  };
}

/** Legacy media files in memory, by path. */
export function memoryFiles(files: Record<string, Uint8Array> = {}) {
  const map = new Map(Object.entries(files));
  return {
    files: map,
    read: async (file: LegacyMediaFile): Promise<Uint8Array> => {
      const bytes = map.get(file.path);
      if (!bytes) throw new Error(`ENOENT: ${file.path}`);
      return bytes.slice();
    },
  };
}

/** A small legacy library: two heroes, three stories, one event, one profile, media. */
export function sampleExport(): LegacyExportInput {
  return {
    format: 'infinitestories-legacy-export',
    version: 1,
    exportedAt: '2026-11-30T20:00:00.000Z',
    app: { name: 'InfiniteStories (legacy)', version: '1.4.2' },
    heroes: [
      {
        id: 'h-luna',
        name: 'Luna',
        age: 7,
        primaryTrait: 'brave',
        secondaryTrait: 'curious',
        specialAbility: 'talks to owls',
        hairColor: 'brown',
        appearance: 'a yellow raincoat',
        avatar: { path: 'media/luna.png', contentType: 'image/png' },
        createdAt: '2024-02-01T08:00:00.000Z',
      },
      { id: 'h-max', name: 'Max', primaryTrait: 'kind', secondaryTrait: 'kind', age: 15 },
    ],
    customEvents: [
      {
        id: 'e-moon',
        title: 'Moon trip',
        promptSeed: 'A trip to the moon',
        isFavorite: true,
        usageCount: 4,
      },
    ],
    visualProfiles: [{ heroId: 'h-luna', hairStyle: 'braids', colorPalette: ['yellow', 'blue'] }],
    stories: [
      {
        id: 's-1',
        heroId: 'h-luna',
        title: 'The Owl Council',
        content: 'Once upon a time, Luna met the owls.',
        eventType: 'Bedtime Adventure',
        isFavorite: true,
        playCount: 12,
        lastPlayedAt: '2025-01-02T19:00:00.000Z',
        audio: { path: 'media/s-1.mp3', contentType: 'audio/mpeg' },
        audioDuration: 61.5,
        illustrations: [
          {
            id: 'i-1',
            imagePrompt: 'owls in a tree',
            sceneDescription: 'The council gathers',
            displayOrder: 0,
            audioTimestamp: 0,
            image: { path: 'media/i-1.png', contentType: 'image/png' },
          },
        ],
      },
      {
        id: 's-2',
        heroId: 'h-luna',
        title: 'Moon',
        content: 'To the moon.',
        customEventId: 'e-moon',
        language: 'fr',
      },
      { id: 's-3', heroId: 'h-max', title: 'Max and the Kite', content: 'Max flew a kite.' },
    ],
  };
}

/** The media files of {@link sampleExport}. */
export function sampleFiles(): Record<string, Uint8Array> {
  return {
    'media/luna.png': new Uint8Array([137, 80, 78, 71, 1]),
    'media/s-1.mp3': new Uint8Array([73, 68, 51, 2]),
    'media/i-1.png': new Uint8Array([137, 80, 78, 71, 3]),
  };
}

/** The user's rows on the backend, by collection. */
export function serverRows(backend: FakeBackend, userId: string) {
  const db = backend.db;
  const heroes = [...db.heroes.values()].filter((h) => h.userId === userId);
  const heroIds = new Set(heroes.map((h) => h.id));
  return {
    heroes,
    stories: [...db.stories.values()].filter((s) => s.userId === userId),
    customEvents: [...db.customEvents.values()].filter((e) => e.userId === userId),
    visualProfiles: [...db.visualProfiles.values()].filter((p) => heroIds.has(p.heroId)),
  };
}

/** An instant sleep for retries. */
export const instant = async (): Promise<void> => {};
