/**
 * `syncNow()` on a client that is not the pusher: it asks the pusher for a round through one
 * record in the shared storage (`c/u/<id>/sync`), and the pusher answers there with the round's
 * summary once the round that started after the request has finished.
 */
import { SdkError } from '../errors/index.js';
import type { JsonValue, StorageAdapter } from '../storage-adapters/storage-adapter.js';
import { transact } from '../storage-adapters/transact.js';
import { namespacePrefix } from '../store/keys.js';
import type { SyncSummary } from '../sync/sync-events.js';
import { type ErrorRecord, errorRecord, rebuildError } from './error-record.js';

/** The stored request record. */
interface RequestRecord {
  /** Bumped by each request. */
  readonly requested: number;
  /** The highest request a finished round answered. */
  readonly served: number;
  /** The summary of that round, or why it failed. */
  readonly summary?: SyncSummary | undefined;
  /** The failure's message (all an older SDK reads). */
  readonly error?: string | undefined;
  /** The failure itself, when it was an SDK error: rethrown as the same class. */
  readonly failure?: ErrorRecord | undefined;
}

/** What a finished round answers: its summary, or the error it failed with. */
export type SyncOutcome = { readonly summary: SyncSummary } | { readonly error: unknown };

const ORIGIN =
  'thrown by the sync round of the pushing client (another tab or process over this storage)';

function recordOf(value: JsonValue | undefined): RequestRecord {
  const record = value as Partial<RequestRecord> | undefined;
  return { ...record, requested: record?.requested ?? 0, served: record?.served ?? 0 };
}

/** The storage key of `userId`'s sync requests. */
export function syncRequestsKey(userId: string): string {
  return `c/${namespacePrefix(userId)}sync`;
}

/** Sync requests of one user over one storage (see the module comment). */
export class SyncRequests {
  constructor(
    private readonly storage: StorageAdapter,
    readonly key: string,
  ) {}

  /** Asks for a round; resolves with the request's number. */
  async request(): Promise<number> {
    let mine = 0;
    await transact(this.storage, [this.key], ([value]) => {
      const record = recordOf(value);
      mine = record.requested + 1;
      return [this.put({ ...record, requested: mine })];
    });
    return mine;
  }

  /** The newest request no round answered yet, if any (for the pusher). */
  async waiting(): Promise<number | undefined> {
    const record = recordOf(await this.storage.get(this.key));
    return record.requested > record.served ? record.requested : undefined;
  }

  /** Answers every request up to `upTo` with the round that ran after them (for the pusher). */
  async serve(upTo: number, outcome: SyncOutcome): Promise<void> {
    const answer =
      'summary' in outcome
        ? { summary: outcome.summary }
        : {
            error: outcome.error instanceof Error ? outcome.error.message : 'failed',
            failure: errorRecord(outcome.error),
          };
    await transact(this.storage, [this.key], ([value]) => {
      const record = recordOf(value);
      if (record.served >= upTo) return [];
      return [this.put({ requested: record.requested, served: upTo, ...answer })];
    });
  }

  /**
   * The answer to request `mine`: the summary of the round that served it, `undefined` while it
   * waits. Throws when that round failed: the error it failed with, of the same class with the
   * same fields when it was an SDK error (else an `SdkError` with its message).
   */
  async answer(mine: number): Promise<SyncSummary | undefined> {
    const record = recordOf(await this.storage.get(this.key));
    if (record.served < mine) return undefined;
    if (record.error !== undefined) {
      throw (
        rebuildError(record.failure, ORIGIN) ??
        new SdkError(`sync.syncNow: the sync round of the pushing client failed: ${record.error}`)
      );
    }
    return record.summary ?? { pushed: 0, pulled: 0, conflicts: 0, failed: 0 };
  }

  private put(record: RequestRecord): { type: 'put'; key: string; value: JsonValue } {
    return { type: 'put', key: this.key, value: JSON.parse(JSON.stringify(record)) as JsonValue };
  }
}
