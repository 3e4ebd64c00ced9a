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

/** What each redacting logger wraps: the host's sink and every secrets source to scrub. */
const wrapped = new WeakMap<Logger, { readonly sink: Logger; readonly secrets: SecretsSource[] }>();

type SecretsSource = () => Iterable<string>;

/**
 * Wraps a logger so that no record it receives carries a secret: messages go through
 * `redactString` and fields through `redact`. A sink that throws is ignored: logging never
 * breaks the SDK.
 *
 * Redaction runs once per record however many layers wrap the same logger: wrapping a redacting
 * logger returns it as is, or (with more `secrets`) one wrapper over the original sink that
 * scrubs every secret source in a single pass.
 */
export function redactingLogger(logger: Logger, options: RedactingLoggerOptions = {}): Logger {
  // Nothing reaches the silent logger, so there is nothing to scrub (and no cost on hot paths).
  if (logger === noopLogger) return noopLogger;
  const inner = wrapped.get(logger);
  if (inner && !options.secrets) return logger;
  const sink = inner?.sink ?? logger;
  const sources = [...(inner?.secrets ?? []), ...(options.secrets ? [options.secrets] : [])];
  const write = (level: LogLevel, message: string, fields?: LogFields): void => {
    try {
      const secrets = sources.flatMap((source) => [...source()]);
      const safeMessage = redactString(message, { secrets });
      if (fields === undefined) sink[level](safeMessage);
      else sink[level](safeMessage, redact(fields, { secrets }));
    } catch {
      // A failing sink must never fail the operation that logged.
    }
  };
  const out = {} as Record<LogLevel, Logger[LogLevel]>;
  for (const level of LEVELS) {
    out[level] = (message, fields) => write(level, message, fields);
  }
  wrapped.set(out, { sink, secrets: sources });
  return out;
}
