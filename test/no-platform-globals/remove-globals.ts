/**
 * Setup file of the no-platform-globals run: removes what React Native / Hermes lacks before
 * any SDK module (or ky, which checks for `AbortSignal.any` once at import) is loaded.
 */
Reflect.deleteProperty(AbortSignal, 'any');
Reflect.deleteProperty(AbortSignal, 'timeout');
Reflect.deleteProperty(AbortSignal.prototype, 'throwIfAborted');
Object.defineProperty(globalThis, 'crypto', { value: undefined, configurable: true });
