/**
 * Brands that identify the SDK's errors across duplicate copies of the package.
 *
 * Each error class marks its prototype with a registry symbol (`Symbol.for`), which every copy of
 * the package in one realm shares. The `is…` guards test that mark, never a class name: a platform
 * error that happens to be named `AbortError` or `TimeoutError` (a `DOMException`) is not ours.
 */

const PREFIX = '@infinitestories/sdk/error/';

/** The registry symbol that marks errors of class `name`. */
export function errorBrand(name: string): symbol {
  return Symbol.for(`${PREFIX}${name}`);
}

/** Marks every instance of `target` (and of its subclasses) as an error of class `name`. */
export function brandErrorClass(target: { readonly prototype: object }, name: string): void {
  Object.defineProperty(target.prototype, errorBrand(name), { value: true });
}

/** Whether `value` carries the mark of error class `name`, from any copy of the package. */
export function hasErrorBrand(value: unknown, name: string): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as Record<symbol, unknown>)[errorBrand(name)] === true
  );
}
