/**
 * The mechanics of a field-level three-way merge, without any policy: which fields changed on
 * which side, how a merged record and the fields still to send are built from per-field
 * choices, and how app-supplied values are laid over a merge.
 *
 * Absent fields: a field the server version lacks is taken as unchanged on the server (its
 * value is the base's); a field the local version lacks, as unchanged on the device. Fields
 * neither side holds are dropped.
 */

import { type JsonValue, jsonEqual } from '../model/json.js';
import { isServerOwned } from '../model/server-owned.js';
import type { CollectionName, WireData } from '../model/types.js';

/** One field as the three versions hold it. */
export interface FieldState {
  readonly field: string;
  readonly base: JsonValue | undefined;
  readonly local: JsonValue | undefined;
  /** The server's value (the base's when the server version lacks the field). */
  readonly remote: JsonValue | undefined;
  /** True when the server version itself holds the field. */
  readonly inRemote: boolean;
  readonly serverOwned: boolean;
  readonly localChanged: boolean;
  readonly remoteChanged: boolean;
  /** Writable, changed on both sides, to different values. */
  readonly conflicting: boolean;
}

/** Compares the three versions field by field. */
export function analyzeFields(
  collection: CollectionName,
  base: WireData | null,
  local: WireData,
  remote: WireData,
): FieldState[] {
  const names = [...Object.keys(local)];
  for (const field of Object.keys(remote)) if (!Object.hasOwn(local, field)) names.push(field);
  return names.map((field) => {
    const b = base !== null && Object.hasOwn(base, field) ? base[field] : undefined;
    const inRemote = Object.hasOwn(remote, field);
    const l = Object.hasOwn(local, field) ? local[field] : b;
    const r = inRemote ? remote[field] : b;
    const serverOwned = isServerOwned(collection, field);
    const localChanged = !jsonEqual(l, b);
    const remoteChanged = !jsonEqual(r, b);
    return {
      field,
      base: b,
      local: l,
      remote: r,
      inRemote,
      serverOwned,
      localChanged,
      remoteChanged,
      conflicting: !serverOwned && localChanged && remoteChanged && !jsonEqual(l, r),
    };
  });
}

/** A merged record and the fields that must still be sent to reach it. */
export interface BuiltMerge {
  readonly merged: WireData;
  /** Writable fields whose merged value differs from the server's. */
  readonly toSend: WireData;
}

/**
 * Builds the merge: server-owned fields from the server (the device's value when the server
 * version lacks them); equal values as they are; a field changed on one side only from that
 * side; a conflicting field from the side `choose` names.
 */
export function buildMerge(
  states: readonly FieldState[],
  choose: (state: FieldState) => 'local' | 'remote',
): BuiltMerge {
  const merged: Record<string, JsonValue> = {};
  const toSend: Record<string, JsonValue> = {};
  for (const state of states) {
    let value: JsonValue | undefined;
    if (state.serverOwned) value = state.inRemote ? state.remote : state.local;
    else if (state.conflicting) value = choose(state) === 'local' ? state.local : state.remote;
    else value = state.localChanged ? state.local : state.remote;
    if (value === undefined) continue;
    merged[state.field] = value;
    if (!state.serverOwned && !jsonEqual(value, state.remote)) toSend[state.field] = value;
  }
  return { merged, toSend };
}

/** The server's version as the record to keep, with nothing to send. */
export function remoteVersion(states: readonly FieldState[]): WireData {
  const data: Record<string, JsonValue> = {};
  for (const state of states) if (state.remote !== undefined) data[state.field] = state.remote;
  return data;
}

/**
 * Lays app-supplied `values` (already validated) over a merge. Server-owned fields in `values`
 * are ignored; the others replace the merged value and are sent when they differ from the
 * server's.
 */
export function overlayValues(
  collection: CollectionName,
  states: readonly FieldState[],
  built: BuiltMerge,
  values: WireData,
): BuiltMerge {
  const merged: Record<string, JsonValue> = { ...built.merged };
  const toSend: Record<string, JsonValue> = { ...built.toSend };
  const remoteOf = new Map(states.map((state) => [state.field, state.remote]));
  for (const [field, value] of Object.entries(values)) {
    if (isServerOwned(collection, field)) continue;
    merged[field] = value;
    if (jsonEqual(value, remoteOf.get(field))) delete toSend[field];
    else toSend[field] = value;
  }
  return { merged, toSend };
}
