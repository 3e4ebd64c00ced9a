/**
 * Brands that identify the SDK's errors across duplicate copies of the package.
 *
 * Each error class marks its prototype with a registry symbol (`Symbol.for`), which every copy of
 * the package in one realm shares, and records its brand name on the class itself. `instanceof`
 * (through `SdkError[Symbol.hasInstance]`) and the internal `is…` guards test that mark, never a
 * class name: a platform error that happens to be named `AbortError` or `TimeoutError` (a
 * `DOMException`) is not ours.
 */

const PREFIX = '@infinitestories/sdk/error/';
const CLASS_BRAND = Symbol.for(`${PREFIX}#class`);

/** The registry symbol that marks errors of class `name`. */
export function errorBrand(name: string): symbol {
  return Symbol.for(`${PREFIX}${name}`);
}

/** Marks every instance of `target` (and of its subclasses) as an error of class `name`. */
export function brandErrorClass(target: { readonly prototype: object }, name: string): void {
  Object.defineProperty(target.prototype, errorBrand(name), { value: true });
  Object.defineProperty(target, CLASS_BRAND, { value: name });
}

/**
 * The brand name a class was marked with by {@link brandErrorClass}, or `undefined` for a class
 * that was not (an app's own subclass): only the class's own mark counts, never an inherited one.
 */
export function classBrand(target: object): string | undefined {
  if (!Object.hasOwn(target, CLASS_BRAND)) return undefined;
  const name: unknown = (target as Record<symbol, unknown>)[CLASS_BRAND];
  return typeof name === 'string' ? name : undefined;
}

/** Whether `value` carries the mark of error class `name`, from any copy of the package. */
export function hasErrorBrand(value: unknown, name: string): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as Record<symbol, unknown>)[errorBrand(name)] === true
  );
}
