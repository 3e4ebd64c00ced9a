/**
 * Conflict strategies per collection and how app options override them.
 *
 * | collection      | fields changed on both sides            | update vs remote delete | delete vs remote update |
 * |-----------------|-----------------------------------------|-------------------------|-------------------------|
 * | heroes          | `lww`                                   | `manual`                | `by-strategy` (lww)     |
 * | stories         | `title`/`content` `manual`, others `lww`| `manual`                | `by-strategy`           |
 * | customEvents    | `lww`                                   | `manual`                | `by-strategy` (lww)     |
 * | visualProfiles  | `lww`                                   | `manual`                | `by-strategy` (lww)     |
 * | illustrations   | `server-wins` (read-only, fixed)        | accept the delete       | n/a (never deleted locally) |
 *
 * The delete defaults are explained in docs/decisions/0003-conflict-defaults.md.
 */
import { ValidationError } from '../errors/index.js';
import { fieldSpec } from '../model/descriptors.js';
import { isServerOwned } from '../model/server-owned.js';
import type { CollectionName } from '../model/types.js';
import type { ConflictResolver } from './resolver.js';

/**
 * How a field changed on both sides to different values is settled:
 * - `lww`: the later edit wins — the device's edit time corrected by the server-clock offset
 *   against the server's `updatedAt`; a tie goes to the server;
 * - `server-wins` / `client-wins`: that side always wins;
 * - `manual`: a persisted conflict the app resolves with `conflicts.resolve()`.
 */
export type ConflictStrategy = 'lww' | 'server-wins' | 'client-wins' | 'manual';

/**
 * What happens when the server deleted a record that has unsent local edits:
 * - `manual` (default): a `deleted-remotely` conflict; the record stays, its changes wait;
 * - `accept-remote-delete`: the record and its local edits are dropped;
 * - `recreate`: the record is created again on the server (a new server id) from the local data.
 */
export type RemoteDeletePolicy = 'manual' | 'accept-remote-delete' | 'recreate';

/**
 * What happens when a record deleted on the device was changed on the server since:
 * - `by-strategy` (default): decided by the strategies of the fields the server changed —
 *   any `manual` → manual; else any `server-wins` → keep remote; else any `lww` → the later of
 *   the delete and the server change wins; else (all `client-wins`) the delete goes ahead;
 * - `delete-anyway` / `keep-remote` / `manual`: always that.
 *
 * A server change of server-owned fields only (a play count, an audio status) is never a
 * conflict: the delete goes ahead.
 */
export type DeleteVsRemoteUpdatePolicy = 'by-strategy' | 'delete-anyway' | 'keep-remote' | 'manual';

/** Conflict options of one collection. */
export interface CollectionConflictOptions {
  /**
   * Strategy for fields changed on both sides.
   * @default 'lww'
   */
  readonly strategy?: ConflictStrategy | undefined;
  /**
   * Per-field strategies, over `strategy`. Names must be fields the device can write.
   * @default {} — for stories `{ title: 'manual', content: 'manual' }`
   * @example { title: 'lww' } // stories: last writer wins on titles too
   */
  readonly fields?: { readonly [field: string]: ConflictStrategy } | undefined;
  /** Replaces the strategies for records with fields changed on both sides. */
  readonly resolver?: ConflictResolver | undefined;
  /** @default 'manual' */
  readonly onRemoteDelete?: RemoteDeletePolicy | undefined;
  /** @default 'by-strategy' */
  readonly onDeleteVsRemoteUpdate?: DeleteVsRemoteUpdatePolicy | undefined;
}

/**
 * A collection's conflict policy: a strategy for every field (replacing the per-field
 * defaults), a resolver function (the default strategies still decide delete cases), or the
 * full options object (merged over the defaults).
 */
export type CollectionConflictPolicy =
  | ConflictStrategy
  | ConflictResolver
  | CollectionConflictOptions;

/** The collections whose conflict policy the app may configure. */
export type ConfigurableCollection = 'heroes' | 'stories' | 'customEvents' | 'visualProfiles';

/** `createClient({ conflicts })`: per-collection policies. Illustrations are always server-wins. */
export type ConflictOptions = {
  readonly [C in ConfigurableCollection]?: CollectionConflictPolicy | undefined;
};

/** A collection's policy with every default filled in. */
export interface ResolvedCollectionPolicy {
  readonly strategy: ConflictStrategy;
  readonly fields: { readonly [field: string]: ConflictStrategy };
  readonly resolver: ConflictResolver | null;
  readonly onRemoteDelete: RemoteDeletePolicy;
  readonly onDeleteVsRemoteUpdate: DeleteVsRemoteUpdatePolicy;
}

/** Every collection's resolved policy. */
export type ResolvedConflictOptions = Readonly<Record<CollectionName, ResolvedCollectionPolicy>>;

const STRATEGIES: readonly string[] = ['lww', 'server-wins', 'client-wins', 'manual'];
const REMOTE_DELETE: readonly string[] = ['manual', 'accept-remote-delete', 'recreate'];
const DELETE_VS_UPDATE: readonly string[] = [
  'by-strategy',
  'delete-anyway',
  'keep-remote',
  'manual',
];

const userDefault = (fields: ResolvedCollectionPolicy['fields'] = {}): ResolvedCollectionPolicy =>
  Object.freeze({
    strategy: 'lww',
    fields: Object.freeze(fields),
    resolver: null,
    onRemoteDelete: 'manual',
    onDeleteVsRemoteUpdate: 'by-strategy',
  });

/** The default strategies (see the table at the top of this file). */
export const DEFAULT_CONFLICT_OPTIONS: ResolvedConflictOptions = Object.freeze({
  heroes: userDefault(),
  stories: userDefault({ title: 'manual', content: 'manual' }),
  customEvents: userDefault(),
  visualProfiles: userDefault(),
  illustrations: Object.freeze({
    strategy: 'server-wins',
    fields: Object.freeze({}),
    resolver: null,
    onRemoteDelete: 'accept-remote-delete',
    onDeleteVsRemoteUpdate: 'keep-remote',
  }),
});

function invalid(field: string, message: string): ValidationError {
  return new ValidationError({ operation: 'createClient', field, message });
}

function check(value: unknown, allowed: readonly string[], field: string): void {
  if (value !== undefined && (typeof value !== 'string' || !allowed.includes(value))) {
    throw invalid(field, `must be one of ${allowed.map((a) => `'${a}'`).join(', ')}`);
  }
}

function resolveOne(
  collection: ConfigurableCollection,
  input: CollectionConflictPolicy | undefined,
): ResolvedCollectionPolicy {
  const defaults = DEFAULT_CONFLICT_OPTIONS[collection];
  const at = `conflicts.${collection}`;
  if (input === undefined) return defaults;
  if (typeof input === 'string') {
    check(input, STRATEGIES, at);
    return Object.freeze({ ...defaults, strategy: input, fields: Object.freeze({}) });
  }
  if (typeof input === 'function') return Object.freeze({ ...defaults, resolver: input });
  if (typeof input !== 'object' || input === null) {
    throw invalid(at, 'must be a strategy, a resolver function or an options object');
  }
  check(input.strategy, STRATEGIES, `${at}.strategy`);
  check(input.onRemoteDelete, REMOTE_DELETE, `${at}.onRemoteDelete`);
  check(input.onDeleteVsRemoteUpdate, DELETE_VS_UPDATE, `${at}.onDeleteVsRemoteUpdate`);
  if (input.resolver !== undefined && typeof input.resolver !== 'function') {
    throw invalid(`${at}.resolver`, 'must be a function');
  }
  for (const [field, strategy] of Object.entries(input.fields ?? {})) {
    if (!fieldSpec(collection, field) || isServerOwned(collection, field)) {
      throw invalid(`${at}.fields.${field}`, 'is not a field the device can write');
    }
    check(strategy, STRATEGIES, `${at}.fields.${field}`);
  }
  return Object.freeze({
    strategy: input.strategy ?? defaults.strategy,
    fields: Object.freeze({ ...defaults.fields, ...input.fields }),
    resolver: input.resolver ?? null,
    onRemoteDelete: input.onRemoteDelete ?? defaults.onRemoteDelete,
    onDeleteVsRemoteUpdate: input.onDeleteVsRemoteUpdate ?? defaults.onDeleteVsRemoteUpdate,
  });
}

/**
 * Resolves the app's conflict options once, over the defaults.
 * @throws ValidationError for an unknown strategy or policy, or a per-field strategy for a
 *   field the device cannot write.
 */
export function resolveConflictOptions(options: ConflictOptions = {}): ResolvedConflictOptions {
  return Object.freeze({
    heroes: resolveOne('heroes', options.heroes),
    stories: resolveOne('stories', options.stories),
    customEvents: resolveOne('customEvents', options.customEvents),
    visualProfiles: resolveOne('visualProfiles', options.visualProfiles),
    illustrations: DEFAULT_CONFLICT_OPTIONS.illustrations,
  });
}

/** The strategy that settles `field` under `policy`. */
export function strategyFor(policy: ResolvedCollectionPolicy, field: string): ConflictStrategy {
  return Object.hasOwn(policy.fields, field)
    ? (policy.fields[field] ?? policy.strategy)
    : policy.strategy;
}

/** The inputs of a last-writer-wins decision. */
export interface LwwInput {
  /** When the local edit was made: epoch ms on the device clock (`OutboxEntry.editedAt`). */
  readonly localEditedAt: number;
  /** Estimated `serverNow − deviceNow` in ms (the API client's server-clock offset). */
  readonly serverOffsetMs: number;
  /** The server version's `updatedAt` (ISO 8601), or `null` when unknown. */
  readonly remoteUpdatedAt: string | null;
  /**
   * How far off the server-clock estimate may be (ms; the `Date` header has 1 s resolution).
   * Edits closer than this are a near tie, which the server's version wins. @default 0
   */
  readonly uncertaintyMs?: number | undefined;
}

/**
 * `local − remote` on the server clock (ms): positive when the local edit is later. `NaN` when
 * either time is unknown.
 */
export function lwwGap(
  localEditedAt: number,
  serverOffsetMs: number,
  remoteUpdatedAt: string | null,
): number {
  const remote = remoteUpdatedAt === null ? Number.NaN : Date.parse(remoteUpdatedAt);
  return localEditedAt + serverOffsetMs - remote;
}

/**
 * Which side wins under last-writer-wins: the local edit time moved onto the server clock
 * (`localEditedAt + serverOffsetMs`) against the server `updatedAt`. A tie goes to the server
 * (its write is known to have happened; ours only to have been intended), and so does a near
 * tie — times closer than `uncertaintyMs`, which the clock estimate cannot order — so the
 * outcome never depends on the estimate's noise. An unknown or unparseable server time loses to
 * a known local time; an unknown local time loses.
 */
export function lwwWinner(input: LwwInput): 'local' | 'remote' {
  const local = input.localEditedAt + input.serverOffsetMs;
  if (!Number.isFinite(local)) return 'remote';
  const remote = input.remoteUpdatedAt === null ? Number.NaN : Date.parse(input.remoteUpdatedAt);
  if (Number.isNaN(remote)) return 'local';
  const uncertainty = Math.max(0, input.uncertaintyMs ?? 0);
  return local - remote > uncertainty ? 'local' : 'remote';
}
