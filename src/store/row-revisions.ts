/** Which revision of each record row a store holds (see {@link RowRevisions}). */

/**
 * The revision of each stored record row as the store last read or wrote it, by storage key
 * (the part of a `Map` the commit path uses). A collection's revisions are taken from its
 * stored rows on first use.
 */
export class RowRevisions {
  private readonly revisions = new Map<string, number>();

  constructor(private readonly prepare: (key: string | undefined) => void) {}

  get(key: string): number | undefined {
    this.prepare(key);
    return this.revisions.get(key);
  }

  has(key: string): boolean {
    this.prepare(key);
    return this.revisions.has(key);
  }

  set(key: string, revision: number): this {
    this.prepare(key);
    this.revisions.set(key, revision);
    return this;
  }

  delete(key: string): boolean {
    this.prepare(key);
    return this.revisions.delete(key);
  }

  keys(): IterableIterator<string> {
    this.prepare(undefined);
    return this.revisions.keys();
  }

  /** A copy of every revision, as they are now. */
  snapshot(): Map<string, number> {
    this.prepare(undefined);
    return new Map(this.revisions);
  }

  clear(): void {
    this.revisions.clear();
  }

  /** Sets a revision read from storage (no preparing: the caller is the preparation). */
  fill(key: string, revision: number): void {
    this.revisions.set(key, revision);
  }
}

/**
 * The revisions `revisions` holds now for `keys` (for every row, without `keys`): what a read
 * that begins now compares with once it is answered (see `Committer.adoptStored`).
 */
export function revisionsNow(
  revisions: RowRevisions,
  keys?: readonly string[],
): ReadonlyMap<string, number> {
  if (!keys) return revisions.snapshot();
  const now = new Map<string, number>();
  for (const key of keys) {
    const revision = revisions.get(key);
    if (revision !== undefined) now.set(key, revision);
  }
  return now;
}
