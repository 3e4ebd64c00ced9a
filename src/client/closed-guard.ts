/**
 * From the moment `client.close()` is called, every method of the client's parts throws one
 * `ClientClosedError` instead of whatever the closing store, engine or session would fail with.
 * While it closes, snapshot reads still answer: `close()` tells every subscriber, and a
 * subscriber (React's `useSyncExternalStore`) reads the emptied snapshot then.
 */
import { ClientClosedError } from '../errors/index.js';

type AnyFunction = (...args: unknown[]) => unknown;

/** Where the client is in its life: methods throw from `closing` on (snapshot reads: `closed`). */
export type ClientLife = 'open' | 'closing' | 'closed';

const SNAPSHOT_READS: ReadonlySet<PropertyKey> = new Set(['getSnapshot', 'getStatus']);

function refuses(life: ClientLife, property: PropertyKey): boolean {
  return life === 'closed' || (life === 'closing' && !SNAPSHOT_READS.has(property));
}

function isPlainObject(value: unknown): value is object {
  if (typeof value !== 'object' || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/**
 * `target` whose methods throw `ClientClosedError` (naming `<name>.<method>`) once `life()`
 * says the client is closing. Wrapped methods are bound to `target` and keep their identity
 * between reads, so they can be passed detached (`useSyncExternalStore(client.sync.subscribe, …)`).
 */
export function guardClosed<T extends object>(target: T, name: string, life: () => ClientLife): T {
  const wrapped = new Map<PropertyKey, unknown>();
  return new Proxy(target, {
    get(object, property) {
      const value: unknown = Reflect.get(object, property, object);
      const own = Reflect.getOwnPropertyDescriptor(object, property);
      // A frozen property must read as itself (a Proxy invariant).
      if (own && !own.configurable && !own.writable) return value;
      if (isPlainObject(value)) {
        // Namespaces of plain functions (`client.api.analytics`): guarded too.
        let namespace = wrapped.get(property);
        if (namespace === undefined) {
          namespace = guardClosed(value, `${name}.${String(property)}`, life);
          wrapped.set(property, namespace);
        }
        return namespace;
      }
      if (typeof value !== 'function' || property === 'constructor') return value;
      let method = wrapped.get(property) as AnyFunction | undefined;
      if (!method) {
        const original = value as AnyFunction;
        method = (...args: unknown[]) => {
          if (refuses(life(), property)) {
            throw new ClientClosedError(`${name}.${String(property)}`);
          }
          return original.apply(object, args);
        };
        wrapped.set(property, method);
      }
      return method;
    },
  });
}
