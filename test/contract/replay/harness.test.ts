/**
 * The replay harness itself: the recording compared with itself shows no difference, and each
 * kind of difference the replay must catch is caught.
 */
import { describe, expect, it } from 'vitest';
import { ALLOW_LIST, allows, staleEntries } from './allow-list.js';
import { type ActualResponse, compareResponse } from './compare.js';
import {
  fixturesAvailable,
  loadRecordedRun,
  type RecordedExchange,
  SHARED_FIXTURES_DIR,
} from './fixtures.js';
import { matchTemplate, segments } from './forms.js';
import { Credentials, GARBAGE_TOKEN } from './placeholders.js';
import { ValueMap } from './value-map.js';

const run = loadRecordedRun();

function exchange(number: string): RecordedExchange {
  const found = run.exchanges.find((e) => e.number === number);
  if (!found) throw new Error(`no exchange ${number}`);
  return found;
}

/** The recorded response as the fake would have to send it. */
function asRecorded(e: RecordedExchange, edit?: (body: unknown) => unknown): ActualResponse {
  const headers = new Headers();
  for (const [name, value] of Object.entries(e.response.allHeaders)) {
    if (name !== 'set-cookie') headers.set(name, value);
  }
  const cookies = /^<\d+ cookie\(s\): (.*)>$/.exec(e.response.allHeaders['set-cookie'] ?? '');
  for (const name of cookies?.[1]?.split(', ') ?? []) {
    const cleared = name.endsWith(' (cleared)');
    const cookie = name.replace(' (cleared)', '');
    headers.append('set-cookie', cleared ? `${cookie}=; Max-Age=0; Path=/` : `${cookie}=x; Path=/`);
  }
  const body = edit ? edit(structuredClone(e.response.body)) : e.response.body;
  const text =
    e.response.bodyKind === 'json' ? JSON.stringify(body) : typeof body === 'string' ? body : '';
  return { status: e.response.status, headers, text };
}

/** Compares exchanges in order with one map, the way the replay does. */
function compareAll(
  pairs: readonly [RecordedExchange, ActualResponse][],
  map = new ValueMap(),
): ReturnType<typeof compareResponse> {
  return pairs.flatMap(([e, actual]) => compareResponse(e, actual, map));
}

function data(body: unknown): Record<string, unknown> {
  if (body === null || typeof body !== 'object' || !('data' in body)) throw new Error('no data');
  return body.data as Record<string, unknown>;
}

describe('recording', () => {
  it('is the shared recording (when it is beside the repository), all 185 exchanges', () => {
    expect(run.exchanges.map((e) => e.number)).toEqual(
      Array.from({ length: 185 }, (_, i) => String(i + 1).padStart(3, '0')),
    );
    if (fixturesAvailable(SHARED_FIXTURES_DIR)) {
      expect(run).toEqual(loadRecordedRun(SHARED_FIXTURES_DIR));
    }
  });
});

describe('replay comparison', () => {
  it('finds no difference between the recording and itself', () => {
    const mismatches = compareAll(run.exchanges.map((e) => [e, asRecorded(e)] as const));
    expect(mismatches).toEqual([]);
  });

  it('reports a different status, content type, missing header and extra header', () => {
    const e = exchange('046');
    const actual = asRecorded(e);
    actual.status = 403;
    actual.headers.set('content-type', 'application/json; charset=utf-8');
    actual.headers.delete('x-frame-options');
    actual.headers.set('retry-after', '10');
    actual.headers.append('set-cookie', 'a=b; Path=/');
    const wheres = compareResponse(e, actual, new ValueMap()).map((m) => m.where);
    expect(wheres).toEqual([
      'status',
      'header content-type',
      'header set-cookie (presence)',
      'header x-frame-options',
      'header retry-after (not recorded)',
    ]);
  });

  it('reports an id that no longer matches the one bound earlier', () => {
    const created = exchange('049');
    const fetched = exchange('068');
    const map = new ValueMap();
    const lunaId = 'cmwy0000000000000000luna0';
    const other = 'cmwy0000000000000000other';
    const first = compareResponse(
      created,
      asRecorded(created, (b) => ({ ...(b as object), data: { ...data(b), id: lunaId } })),
      map,
    );
    expect(first).toEqual([]);
    // 068 fetches Max, not Luna: its id must not be bound to Luna's fake id.
    const second = compareResponse(
      fetched,
      asRecorded(fetched, (b) => ({ ...(b as object), data: { ...data(b), id: lunaId } })),
      map,
    );
    expect(second.map((m) => m.where)).toEqual(['body $.data.id (cuid binding)']);
    const third = compareResponse(
      fetched,
      asRecorded(fetched, (b) => ({ ...(b as object), data: { ...data(b), id: other } })),
      map,
    );
    expect(third).toEqual([]);
  });

  it('reports a wrong form, a wrong instant, key order, missing and extra keys, lengths', () => {
    const e = exchange('058');
    const actual = asRecorded(e, (b) => {
      const d = data(b);
      const heroes = d.heroes as Record<string, unknown>[];
      const [first, second] = heroes;
      if (!first || !second) throw new Error('fixture changed');
      first.id = 'not-a-cuid';
      first.createdAt = new Date(Date.parse(String(first.createdAt)) + 86_400_000).toISOString();
      const { name, ...rest } = second;
      heroes[1] = { ...rest, name, extra: true };
      delete (heroes[1] as Record<string, unknown>).age;
      heroes.pop();
      return b;
    });
    const wheres = compareResponse(e, actual, new ValueMap()).map((m) => m.where);
    expect(wheres).toEqual([
      'body $.data.heroes (length)',
      'body $.data.heroes[0].id',
      'body $.data.heroes[0].createdAt (instant)',
      // Recorded createdAt == updatedAt: the fake's must be equal too.
      'body $.data.heroes[0].updatedAt (iso binding)',
      'body $.data.heroes[1] (missing keys)',
      'body $.data.heroes[1] (extra keys)',
      'body $.data.heroes[1] (key order)',
    ]);
  });

  it('checks set-auth-token by form and binds its raw token to the body token', () => {
    const e = exchange('007');
    const decoded = asRecorded(e);
    decoded.headers.set(
      'set-auth-token',
      decodeURIComponent(decoded.headers.get('set-auth-token') ?? ''),
    );
    expect(compareResponse(e, decoded, new ValueMap()).map((m) => m.where)).toEqual([
      'header set-auth-token (form)',
    ]);
    const otherToken = asRecorded(e);
    const header = otherToken.headers.get('set-auth-token') ?? '';
    otherToken.headers.set('set-auth-token', `${'Z'.repeat(32)}${header.slice(32)}`);
    expect(compareResponse(e, otherToken, new ValueMap()).map((m) => m.where)).toContain(
      'body $.token (auth binding)',
    );
    const insecureCookie = asRecorded(e);
    insecureCookie.headers.delete('set-cookie');
    insecureCookie.headers.append('set-cookie', 'infinite-stories.session_token=x; Path=/');
    expect(compareResponse(e, insecureCookie, new ValueMap()).map((m) => m.where)).toEqual([
      'header set-cookie (names)',
    ]);
  });

  it('compares signed URLs by location, key and parameter forms', () => {
    const e = exchange('137');
    const url = String(data(e.response.body).audioUrl);
    const fakeUrl = url
      .replace('https://dummy-bucket.dummyaccount.r2.cloudflarestorage.com', 'http://fake/__r2')
      .replace(/X-Amz-Signature=[0-9a-f]+/, `X-Amz-Signature=${'a'.repeat(64)}`)
      .replace('X-Amz-Expires=900', 'X-Amz-Expires=3600');
    const actual = asRecorded(e, (b) => ({ data: { ...data(b), audioUrl: fakeUrl } }));
    expect(compareResponse(e, actual, new ValueMap()).map((m) => m.where)).toEqual([
      'body $.data.audioUrl (signed URL location)',
      'body $.data.audioUrl (signed URL X-Amz-Expires)',
    ]);
  });

  it('compares arrays the backend leaves unordered as sets', () => {
    const e = exchange('022');
    const map = new ValueMap();
    const sessions = e.response.body as { token: string }[];
    for (const s of sessions) map.bind('auth', s.token, s.token);
    const reversed = asRecorded(e, (b) => [...(b as unknown[])].reverse());
    expect(compareResponse(e, reversed, map)).toEqual([]);
    const changed = asRecorded(e, (b) =>
      (b as { userAgent: string }[]).map((s, i) => (i === 1 ? { ...s, userAgent: 'curl' } : s)),
    );
    expect(compareResponse(e, changed, map).map((m) => m.where)).toEqual(['body $[1].userAgent']);
  });
});

describe('value map', () => {
  it('rewrites recorded ids, instants (±offsets, without Z) and epochs for the fake', () => {
    const map = new ValueMap();
    map.bind('cuid', 'cmwy1qq9l001esu7dohdhnmut', 'cfake00000000000000000max');
    map.bind('iso', '2026-11-26T21:10:21.559Z', '2026-11-26T21:10:21.500Z');
    expect(map.rewrite('/api/v1/heroes/cmwy1qq9l001esu7dohdhnmut')).toBe(
      '/api/v1/heroes/cfake00000000000000000max',
    );
    expect(map.rewrite('2026-11-26T21:10:21.559Z')).toBe('2026-11-26T21:10:21.500Z');
    expect(map.rewrite('2026-11-26T21:10:21.558Z')).toBe('2026-11-26T21:10:21.499Z');
    expect(map.rewrite('2026-11-26T21:10:21.559')).toBe('2026-11-26T21:10:21.500');
    expect(map.rewriteEpoch(String(Date.parse('2026-11-26T21:10:21.559Z')))).toBe(
      String(Date.parse('2026-11-26T21:10:21.500Z')),
    );
    expect(map.rewrite('cnonexistent000000000000000')).toBe('cnonexistent000000000000000');
  });

  it('refuses one fake id for two recorded ids', () => {
    const map = new ValueMap();
    expect(map.bind('auth', 'A'.repeat(32), 'F'.repeat(32))).toBeNull();
    expect(map.bind('auth', 'B'.repeat(32), 'F'.repeat(32))).toMatch(/both for recorded/);
  });
});

describe('forms', () => {
  it('finds generated values inside longer strings, not inside longer words', () => {
    const kinds = segments(
      'Resets at 2026-11-26T22:10:32.231Z for LMmv2LmcMzCxXJkAfpwnJ6xXqnWhbV3n, not cnonexistent000000000000000',
    ).flatMap((s) => ('kind' in s ? [s.kind] : []));
    expect(kinds).toEqual(['iso', 'auth']);
    expect(
      matchTemplate('at 2026-11-26T22:10:32.231Z.', 'at 2026-11-26T22:10:33.000Z.'),
    ).toHaveLength(1);
    expect(matchTemplate('at 2026-11-26T22:10:32.231Z.', 'at 2026-11-26T22:10:33Z.')).toBeNull();
  });
});

describe('credentials and allow-list', () => {
  it('fills labels from the fake and reports labels it never issued', () => {
    const credentials = new Credentials();
    credentials.learn('007', { token: 't'.repeat(32) }, new Headers({ 'set-auth-token': 'a%2Fb' }));
    expect(credentials.fill('Bearer <alice sign-in token (raw, from JSON body)>').value).toBe(
      `Bearer ${'t'.repeat(32)}`,
    );
    expect(
      credentials.fill('Bearer <alice sign-in set-auth-token header value, URL-decoded>').value,
    ).toBe('Bearer a/b');
    expect(credentials.fill('Bearer <garbage token>').value).toBe(`Bearer ${GARBAGE_TOKEN}`);
    expect(credentials.fill('Bearer <bob sign-up token (raw)>').unresolved).toEqual([
      '<bob sign-up token (raw)>',
    ]);
  });

  it('matches entries by file and where, and finds stale ones', () => {
    const entry = { files: ['129', '131'], where: /signed URL location/, reason: 'r' };
    const hit = {
      file: '129-x.json',
      where: 'body $.a (signed URL location)',
      expected: '',
      actual: '',
    };
    expect(allows(entry, hit)).toBe(true);
    expect(allows(entry, { ...hit, file: '130-x.json' })).toBe(false);
    expect(staleEntries([entry], [hit])).toEqual([{ file: '131', where: 'signed URL location' }]);
  });

  it('gives every allow-list entry a reason and at least one file', () => {
    for (const entry of ALLOW_LIST) {
      expect(entry.reason.length).toBeGreaterThan(20);
      expect(entry.files.length).toBeGreaterThan(0);
    }
  });
});
