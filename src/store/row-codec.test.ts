import { describe, expect, it } from 'vitest';
import type { OutboxEntry, StoredRecord } from '../model/types.js';
import { seal } from './public-record.js';
import { decodeRow, encodeRow, storedRevision } from './row-codec.js';
import type { RecordRow } from './row-rebase.js';

const owner = { collection: 'heroes', localId: 'h1' } as const;

function record(fields: Partial<StoredRecord> = {}): StoredRecord {
  return seal({
    id: 'h1',
    serverId: 'h1',
    syncStatus: 'synced',
    serverUpdatedAt: '2026-01-01T00:00:00.000Z',
    base: {},
    lastSyncedAt: 5,
    syncError: null,
    data: { name: 'Luna', age: 6, updatedAt: '2026-01-01T00:00:00.000Z' },
    ...fields,
  });
}

function entry(fields: Partial<OutboxEntry> = {}): OutboxEntry {
  return {
    mutationId: 'm1',
    seq: 1,
    collection: 'heroes',
    localId: 'h1',
    op: 'update',
    patch: { age: 6 },
    baseServerUpdatedAt: '2026-01-01T00:00:00.000Z',
    createdAt: 10,
    editedAt: 10,
    attempts: 0,
    nextAttemptAt: null,
    lastError: null,
    status: 'pending',
    ...fields,
  };
}

const roundTrip = (row: RecordRow) =>
  decodeRow(JSON.parse(JSON.stringify(encodeRow(row, 'h1'))), owner);

describe('record row codec (storage format 3)', () => {
  it('stores a synced record as its wire fields plus the last sync time', () => {
    const row = { record: record(), rev: 3 };
    expect(encodeRow(row, 'h1')).toEqual({
      d: { name: 'Luna', age: 6, updatedAt: '2026-01-01T00:00:00.000Z' },
      t: 5,
      rev: 3,
    });
    expect(roundTrip(row)).toEqual(row);
  });

  it('writes every field that differs from what the row implies, and reads it back', () => {
    const error = { kind: 'server', message: 'HTTP 503', status: 503, code: null, at: 7 } as const;
    const rows: RecordRow[] = [
      // A device-created record: server id ≠ local id, older server time, a changed field.
      {
        record: record({
          serverId: 'srv-1',
          serverUpdatedAt: '2025-12-01T00:00:00.000Z',
          base: { age: 5 },
          syncStatus: 'pendingUpdate',
        }),
        outbox: [entry()],
      },
      // A create sent once, then edited: the create's patch is no longer the record's values.
      {
        record: record({
          serverId: null,
          base: null,
          lastSyncedAt: null,
          syncStatus: 'pendingCreate',
          data: { name: 'Nova', age: 8 },
        }),
        outbox: [
          entry({ op: 'create', patch: { name: 'Nova', age: 7 }, attempts: 1, editedAt: 12 }),
          entry({
            mutationId: 'm2',
            seq: 2,
            patch: { age: 8 },
            firstSentServerAt: 99,
            editedServerAt: 1234,
          }),
        ],
      },
      // An error kept on a record without entries; a status that the entries do not derive.
      { record: record({ syncError: error, syncStatus: 'failed' }) },
      // Entries without a record; a delete (patch null), an empty patch, a scheduled retry.
      {
        record: null,
        outbox: [
          entry({ op: 'favorite', patch: {}, status: 'conflict', lastError: error }),
          entry({
            mutationId: 'm3',
            seq: 4,
            op: 'delete',
            patch: null,
            baseServerUpdatedAt: null,
            nextAttemptAt: 50,
            retryAfterMs: 40,
          }),
        ],
        rev: 9,
      },
    ];
    for (const row of rows) expect(roundTrip(row)).toEqual(row);
    expect(encodeRow(rows[1] as RecordRow, 'h1')).toMatchObject({
      o: [{ p: { name: 'Nova', age: 7 } }, { k: ['age'] }],
    });
  });

  it('reads a format-2 row as it is, and revisions without decoding', () => {
    const old = { record: record(), outbox: [entry()], rev: 2 };
    expect(decodeRow(old as never, owner)).toBe(old);
    expect(storedRevision({ d: {}, rev: 4 })).toBe(4);
    expect(storedRevision({ d: {} })).toBe(0);
    expect(storedRevision(undefined)).toBeUndefined();
  });
});
