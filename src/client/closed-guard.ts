/**
 * After `client.close()`, every method of the client's parts throws one `ClientClosedError`
 * instead of whatever the closed store, engine or session would fail with.
 */
import { ClientClosedError } from '../errors/index.js';

type AnyFunction = (...args: unknown[]) => unknown;

function isPlainObject(value: unknown): value is object {
  if (typeof value !== 'object' || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/**
 * `target` whose methods throw `ClientClosedError` (naming `<name>.<method>`) once `isClosed()`
 * says so. Wrapped methods are bound to `target` and keep their identity between reads, so
 * they can be passed detached (`useSyncExternalStore(client.sync.subscribe, …)`).
 */
export function guardClosed<T extends object>(target: T, name: string, isClosed: () => boolean): T {
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
          namespace = guardClosed(value, `${name}.${String(property)}`, isClosed);
          wrapped.set(property, namespace);
        }
        return namespace;
      }
      if (typeof value !== 'function' || property === 'constructor') return value;
      let method = wrapped.get(property) as AnyFunction | undefined;
      if (!method) {
        const original = value as AnyFunction;
        method = (...args: unknown[]) => {
          if (isClosed()) throw new ClientClosedError(`${name}.${String(property)}`);
          return original.apply(object, args);
        };
        wrapped.set(property, method);
      }
      return method;
    },
  });
}
