import { type LogFields, type Logger, type LogLevel, noopLogger } from './logger.js';
import { redact, redactString } from './redact.js';

/** Options for {@link redactingLogger}. */
export interface RedactingLoggerOptions {
  /**
   * Exact secret values to scrub, read at every log call (so a rotating session token is always
   * current). The AuthManager passes its current token here.
   */
  readonly secrets?: () => Iterable<string>;
}

const LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

/**
 * Wraps a logger so that no record it receives carries a secret: messages go through
 * `redactString` and fields through `redact`. A sink that throws is ignored: logging never
 * breaks the SDK.
 */
export function redactingLogger(logger: Logger, options: RedactingLoggerOptions = {}): Logger {
  // Nothing reaches the silent logger, so there is nothing to scrub (and no cost on hot paths).
  if (logger === noopLogger) return noopLogger;
  const write = (level: LogLevel, message: string, fields?: LogFields): void => {
    try {
      const secrets = options.secrets ? [...options.secrets()] : [];
      const safeMessage = redactString(message, { secrets });
      if (fields === undefined) logger[level](safeMessage);
      else logger[level](safeMessage, redact(fields, { secrets }));
    } catch {
      // A failing sink must never fail the operation that logged.
    }
  };
  const wrapped = {} as Record<LogLevel, Logger[LogLevel]>;
  for (const level of LEVELS) {
    wrapped[level] = (message, fields) => write(level, message, fields);
  }
  return wrapped;
}
