/**
 * The SDK's logging seam. Hosts inject a {@link Logger}; the SDK never writes to the console.
 * Every logger the SDK uses internally is wrapped by `redactingLogger`, so tokens and
 * passwords never reach the host's sink.
 */

/** Structured context attached to a log record. Values may be nested objects and arrays. */
export type LogFields = Readonly<Record<string, unknown>>;

/** The four levels the SDK logs at. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/**
 * A leveled, structured logger. Adapting `console`, pino or a native bridge takes four lines.
 *
 * @example
 * ```ts
 * const logger: Logger = {
 *   debug: (message, fields) => console.debug(message, fields),
 *   info: (message, fields) => console.info(message, fields),
 *   warn: (message, fields) => console.warn(message, fields),
 *   error: (message, fields) => console.error(message, fields),
 * };
 * ```
 */
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

/** A logger that drops everything: the default when the host injects none. */
export const noopLogger: Logger = Object.freeze({
  debug() {},
  info() {},
  warn() {},
  error() {},
});
