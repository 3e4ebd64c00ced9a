/**
 * Differences between the recording and the fake backend that are accepted, each with its
 * reason. Keep this list short: a difference belongs here only when the fake cannot or must not
 * reproduce it. The replay test fails on any mismatch not covered here AND on any entry that no
 * longer matches a mismatch in each of its files, so the list cannot grow or go stale silently.
 */
import type { Mismatch } from './compare.js';

/** One accepted difference, in one or more fixture files. */
export interface AllowedMismatch {
  /** Fixture numbers (`'129'`); the entry must match at least one mismatch in each. */
  files: readonly string[];
  /** Matches the mismatch's `where` (e.g. `body $.data.audioUrl (signed URL location)`). */
  where: RegExp;
  /** Why the fake differs here. */
  reason: string;
}

export const ALLOW_LIST: readonly AllowedMismatch[] = [];

/** Whether an entry covers a mismatch. */
export function allows(entry: AllowedMismatch, mismatch: Mismatch): boolean {
  return (
    entry.files.some((f) => mismatch.file.startsWith(`${f}-`)) && entry.where.test(mismatch.where)
  );
}

/** Entries (with the file) that cover no mismatch: stale, to be removed. */
export function staleEntries(
  list: readonly AllowedMismatch[],
  mismatches: readonly Mismatch[],
): { file: string; where: string }[] {
  const stale: { file: string; where: string }[] = [];
  for (const entry of list) {
    for (const file of entry.files) {
      const hit = mismatches.some(
        (m) => m.file.startsWith(`${file}-`) && entry.where.test(m.where),
      );
      if (!hit) stale.push({ file, where: entry.where.source });
    }
  }
  return stale;
}
