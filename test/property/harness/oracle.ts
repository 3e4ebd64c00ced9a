/**
 * The oracle of the convergence property: every write whose promise resolved ("intent"), with
 * its causal past, and the checks run on the healed system.
 *
 * Records are identified across devices without server ids: a hero by the token at the start
 * of its name (`h3.…`), a custom event by the token of its title (`e2.…`, never changed), a
 * story by its server id (stories are generated online before the random part). One field per
 * collection takes only unique values (hero `name`, event `description`, story `title`), so the
 * value a device shows tells which intent produced it: an intent's *past* is the intent whose
 * value its device showed when it wrote (and that intent's past), plus the device's own earlier
 * intents on the record. That is a happened-before relation the checks can rely on:
 *
 * - a field's final server value must come from a *maximal* last intent — the last intent of
 *   some device on that field that no other device's last intent had seen. (Concurrent intents
 *   may beat each other by last-writer-wins; an intent written after seeing W never loses to
 *   W.) So a resolved write is never lost unless a concurrent one won, or it was surfaced;
 * - a created record missing on the server was deleted by some intent (or its hero was);
 * - a record present on the server although a device's last intent deleted it was edited
 *   concurrently by another device (delete vs remote update, decided by the strategies); its
 *   fields then hold what the deleting device had sent before the delete, or later values;
 * - no record appears twice, and none appears that no intent created.
 *
 * Records named by a `conflict` or `mutation:failed` event ("surfaced") are exempt from the
 * loss checks: their losses were shown to the user.
 */

/** The collections the random operations write. */
export type Coll = 'heroes' | 'customEvents' | 'stories';

/** The field of each collection that only ever takes unique values. */
export const UNIQUE_FIELD: Readonly<Record<Coll, string>> = {
  heroes: 'name',
  customEvents: 'description',
  stories: 'title',
};

/** Fields compared between devices and the server, per collection. */
export const COMPARED_FIELDS: Readonly<Record<Coll, readonly string[]>> = {
  heroes: ['name', 'age', 'traits'],
  customEvents: ['title', 'description', 'tone', 'isFavorite'],
  stories: ['title', 'isFavorite', 'heroId', 'customEventId'],
};

type Value = unknown;

/** One write whose promise resolved (or a record the server created: `origin`). */
export interface Intent {
  readonly id: number;
  /** Device index; `-1` for records the server created (generated stories). */
  readonly device: number;
  readonly coll: Coll;
  readonly identity: string;
  readonly kind: 'create' | 'update' | 'delete' | 'origin';
  readonly fields: Readonly<Record<string, Value>>;
  /** Ids of the intents this one had seen (transitively). */
  readonly past: ReadonlySet<number>;
  /** Parent record (a story's hero identity), for cascades. */
  readonly parent: string | null;
  /**
   * A delete made while its device still had unsent changes of the record (it showed as not
   * synced): those changes went with the delete, never sent.
   */
  readonly overUnsent: boolean;
}

/** A server or device record, as the checks compare it. */
export interface Snapshot {
  readonly identity: string;
  readonly fields: Readonly<Record<string, Value>>;
}

const key = (...parts: readonly (string | number)[]): string => parts.join('\u0000');
const valueKey = (value: Value): string => JSON.stringify(value ?? null);

/** Intents of one run, and the checks. */
export class Oracle {
  readonly intents: Intent[] = [];
  readonly #byValue = new Map<string, Intent>();
  readonly #byRecord = new Map<string, Intent[]>();
  readonly #surfaced = new Map<string, string>();
  /** Writes whose outcome is unknown (a crash while the promise was pending). */
  readonly #maybe = new Map<string, Set<string>>();

  /** Records an intent. `before` is the record as its device showed it before the write. */
  record(input: {
    device: number;
    coll: Coll;
    identity: string;
    kind: Intent['kind'];
    fields: Record<string, Value>;
    before: Readonly<Record<string, Value>> | undefined;
    parent?: string | null;
    overUnsent?: boolean;
  }): Intent {
    const past = new Set<number>();
    const unique = UNIQUE_FIELD[input.coll];
    if (input.before) {
      const seen = this.#byValue.get(
        key(input.coll, input.identity, valueKey(input.before[unique])),
      );
      if (seen) {
        past.add(seen.id);
        for (const id of seen.past) past.add(id);
      }
    }
    for (const earlier of this.#byRecord.get(key(input.coll, input.identity)) ?? []) {
      if (earlier.device !== input.device) continue;
      past.add(earlier.id);
      for (const id of earlier.past) past.add(id);
    }
    const intent: Intent = {
      id: this.intents.length,
      device: input.device,
      coll: input.coll,
      identity: input.identity,
      kind: input.kind,
      fields: { ...input.fields },
      past,
      parent: input.parent ?? null,
      overUnsent: input.overUnsent ?? false,
    };
    this.intents.push(intent);
    const list = this.#byRecord.get(key(input.coll, input.identity)) ?? [];
    list.push(intent);
    this.#byRecord.set(key(input.coll, input.identity), list);
    if (Object.hasOwn(input.fields, unique)) {
      this.#byValue.set(key(input.coll, input.identity, valueKey(input.fields[unique])), intent);
    }
    return intent;
  }

  /** A write that was pending when its device crashed: it may or may not have happened. */
  maybe(coll: Coll, identity: string, fields: Readonly<Record<string, Value>>): void {
    for (const [field, value] of Object.entries(fields)) {
      const k = key(coll, identity, field);
      const set = this.#maybe.get(k) ?? new Set<string>();
      set.add(valueKey(value));
      this.#maybe.set(k, set);
    }
  }

  /** Marks a record as shown to the user (a conflict or a failed mutation). */
  surface(coll: Coll, identity: string, why: string): void {
    if (!this.#surfaced.has(key(coll, identity))) this.#surfaced.set(key(coll, identity), why);
  }

  isSurfaced(coll: Coll, identity: string): boolean {
    return this.#surfaced.has(key(coll, identity));
  }

  /** How many records were surfaced (for run statistics). */
  get surfacedCount(): number {
    return this.#surfaced.size;
  }

  /** Intents of a record, oldest first. */
  of(coll: Coll, identity: string): readonly Intent[] {
    return this.#byRecord.get(key(coll, identity)) ?? [];
  }

  /**
   * Checks the server's final records of `coll` against the intents. Returns the violations
   * (empty when the run is correct).
   */
  check(coll: Coll, server: readonly Snapshot[]): string[] {
    const problems: string[] = [];
    const count = new Map<string, number>();
    for (const row of server) count.set(row.identity, (count.get(row.identity) ?? 0) + 1);
    for (const [identity, n] of count) {
      if (n > 1) problems.push(`${coll} ${identity}: ${n} copies on the server (a duplicate)`);
    }
    const present = new Map(server.map((row) => [row.identity, row]));
    const identities = new Set<string>();
    for (const intent of this.intents) if (intent.coll === coll) identities.add(intent.identity);
    for (const row of server) {
      if (!identities.has(row.identity)) {
        problems.push(`${coll} ${row.identity}: on the server but no intent created it`);
      }
    }
    for (const identity of identities) {
      if (this.isSurfaced(coll, identity)) continue;
      const intents = this.of(coll, identity);
      const row = present.get(identity);
      if (!row) {
        if (!this.#deleted(coll, intents)) {
          problems.push(`${coll} ${identity}: created, never deleted, missing on the server`);
        }
        continue;
      }
      problems.push(...this.#checkDeletes(coll, identity, intents, row));
      for (const field of COMPARED_FIELDS[coll]) {
        const problem = this.#checkField(coll, identity, field, row.fields[field], intents);
        if (problem) problems.push(problem);
      }
    }
    return problems;
  }

  /** Whether some intent deleted the record, or its parent hero. */
  #deleted(coll: Coll, intents: readonly Intent[]): boolean {
    if (intents.some((intent) => intent.kind === 'delete')) return true;
    if (coll !== 'stories') return false;
    const parent = intents.find((intent) => intent.parent !== null)?.parent;
    if (parent === undefined || parent === null) return false;
    return (
      this.isSurfaced('heroes', parent) ||
      this.of('heroes', parent).some((intent) => intent.kind === 'delete')
    );
  }

  /** A device's last intent deleted a record that is still there: another device's edit must explain it. */
  #checkDeletes(coll: Coll, identity: string, intents: readonly Intent[], row: Snapshot): string[] {
    const problems: string[] = [];
    // A write of unknown outcome (its device crashed) that did land is a concurrent edit too.
    const landedMaybe = Object.entries(row.fields).some(([field, value]) =>
      this.#maybe.get(key(coll, identity, field))?.has(valueKey(value)),
    );
    for (const last of lastPerDevice(intents, () => true)) {
      if (last.kind !== 'delete') continue;
      const concurrent =
        landedMaybe ||
        intents.some(
          (other) =>
            other.device !== last.device &&
            (other.kind === 'update' || other.kind === 'create' || other.kind === 'origin') &&
            !last.past.has(other.id),
        );
      if (!concurrent) {
        problems.push(
          `${coll} ${identity}: deleted by device ${last.device} (intent ${last.id}) after it had seen every edit, yet it is back on the server`,
        );
      }
    }
    return problems;
  }

  #checkField(
    coll: Coll,
    identity: string,
    field: string,
    actual: Value,
    intents: readonly Intent[],
  ): string | null {
    // A device whose last intent deleted the record gave up its field values: when the delete
    // loses (the record stays), the record keeps whatever of them had reached the server
    // before — possibly nothing (edits coalesced into the delete are never sent). So a
    // deleter's last value of the field is allowed, not required; and when the delete was made
    // over unsent edits, so is any earlier value of that device (the last one that was sent,
    // its create's included) that no other device's last write had seen.
    const deletes = lastPerDevice(intents, () => true).filter((intent) => intent.kind === 'delete');
    const deleters = new Set(deletes.map((intent) => intent.device));
    const overUnsent = new Set(
      deletes.filter((intent) => intent.overUnsent).map((intent) => intent.device),
    );
    const writes = (intent: Intent) =>
      intent.kind !== 'delete' && Object.hasOwn(intent.fields, field);
    const writers = intents.filter((intent) => writes(intent) && !deleters.has(intent.device));
    const given = intents.filter((intent) => writes(intent) && deleters.has(intent.device));
    if (writers.length + given.length === 0) return null; // a field no intent set
    const lasts = lastPerDevice(writers, () => true);
    const maximal = lasts.filter(
      (candidate) => !lasts.some((other) => other !== candidate && other.past.has(candidate.id)),
    );
    const maybeSent = given.filter(
      (intent) =>
        overUnsent.has(intent.device) && !lasts.some((other) => other.past.has(intent.id)),
    );
    const allowed = [...maximal, ...lastPerDevice(given, () => true), ...maybeSent];
    const wanted = valueKey(actual);
    if (allowed.some((intent) => valueKey(intent.fields[field]) === wanted)) return null;
    if (this.#maybe.get(key(coll, identity, field))?.has(wanted)) return null;
    const describe = (intent: Intent) =>
      `#${intent.id} d${intent.device} ${intent.kind} ${valueKey(intent.fields[field])}`;
    return `${coll} ${identity}.${field}: the server has ${wanted}, but the latest concurrent intents are [${allowed.map(describe).join('; ')}] (all: ${[...writers, ...given].map(describe).join('; ')})`;
  }
}

/** The last intent of each device among `intents` that pass `filter`. */
function lastPerDevice(intents: readonly Intent[], filter: (intent: Intent) => boolean): Intent[] {
  const last = new Map<number, Intent>();
  for (const intent of intents) if (filter(intent)) last.set(intent.device, intent);
  return [...last.values()];
}
