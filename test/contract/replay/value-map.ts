/**
 * The correspondence between generated values of the recording and those of the fake backend:
 * the first time a recorded id, token or timestamp shows up, the value the fake produced at the
 * same place is bound to it; every later occurrence must then carry that same fake value. Later
 * requests that mention a recorded id get the fake's id instead.
 */
import { segments, type ValueKind } from './forms.js';

/** Kinds bound one-to-one (two recorded ids can never share a fake id, nor the reverse). */
const ONE_TO_ONE: ReadonlySet<BindKind> = new Set(['cuid', 'auth', 'signed-token']);

/** What can be bound: the embedded kinds plus whole `set-auth-token` values. */
export type BindKind = ValueKind | 'signed-token';

const ISO_ANYWHERE = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z?/g;

export class ValueMap {
  private readonly forward = new Map<string, string>();
  private readonly reverse = new Map<string, string>();
  /** Recorded timestamps (ms) → fake timestamps (ms), for timestamps derived from them. */
  private readonly times = new Map<number, number>();

  /**
   * Binds a recorded value to the fake's, or checks an earlier binding. Returns a description
   * of the problem, or `null` when consistent. Signatures and `X-Amz-Date`s change on every
   * call, so they are compared by form only and never bound.
   */
  bind(kind: BindKind, recorded: string, actual: string): string | null {
    if (kind === 'hex64' || kind === 'amz-date') return null;
    const known = this.forward.get(recorded);
    if (known !== undefined) {
      return known === actual
        ? null
        : `recorded ${recorded} stands for ${known} (bound earlier), but the fake sent ${actual}`;
    }
    if (ONE_TO_ONE.has(kind)) {
      const other = this.reverse.get(actual);
      if (other !== undefined && other !== recorded) {
        return `the fake sent ${actual} both for recorded ${other} and for recorded ${recorded}`;
      }
      this.reverse.set(actual, recorded);
    }
    this.forward.set(recorded, actual);
    if (kind === 'iso') this.times.set(Date.parse(recorded), Date.parse(actual));
    return null;
  }

  /** The fake value bound to a recorded one. */
  lookup(recorded: string): string | undefined {
    return this.forward.get(recorded);
  }

  /**
   * The fake counterpart of a recorded instant: the bound one when the recorded value was seen,
   * otherwise the nearest bound instant moved by the same offset (e.g. "hero updatedAt − 1 ms"
   * or "one hour from now"). `undefined` when no timestamp has been bound yet.
   */
  mapInstant(recordedMs: number): number | undefined {
    const exact = this.times.get(recordedMs);
    if (exact !== undefined) return exact;
    let best: { recorded: number; actual: number } | undefined;
    for (const [recorded, actual] of this.times) {
      if (!best || Math.abs(recorded - recordedMs) < Math.abs(best.recorded - recordedMs)) {
        best = { recorded, actual };
      }
    }
    return best ? best.actual + (recordedMs - best.recorded) : undefined;
  }

  /**
   * Rewrites a recorded request string for the fake: recorded ids and tokens become the bound
   * fake ones, and ISO timestamps (with or without the `Z`) become their fake counterparts.
   */
  rewrite(text: string): string {
    const ids = segments(text)
      .map((s) =>
        'literal' in s || s.kind === 'iso'
          ? 'literal' in s
            ? s.literal
            : s.value
          : (this.forward.get(s.value) ?? s.value),
      )
      .join('');
    return ids.replace(ISO_ANYWHERE, (iso) => {
      const local = !iso.endsWith('Z');
      const mapped = this.mapInstant(Date.parse(local ? `${iso}Z` : iso));
      if (mapped === undefined) return iso;
      const out = new Date(mapped).toISOString();
      return local ? out.slice(0, -1) : out;
    });
  }

  /** Rewrites an epoch-milliseconds instant the way {@link rewrite} does ISO strings. */
  rewriteEpoch(epochMs: string): string {
    const mapped = this.mapInstant(Number(epochMs));
    return mapped === undefined ? epochMs : String(mapped);
  }

  /** Rewrites every string inside a JSON value with {@link rewrite}. */
  rewriteJson(value: unknown): unknown {
    if (typeof value === 'string') return this.rewrite(value);
    if (Array.isArray(value)) return value.map((v) => this.rewriteJson(v));
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value).map(([k, v]) => [k, this.rewriteJson(v)] as const),
      );
    }
    return value;
  }
}
