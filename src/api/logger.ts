/**
 * The client's logging seam: the SDK-wide {@link Logger} of `src/logging`. Every record the
 * client writes goes through `redactingLogger`, so tokens never reach the host's sink and a
 * throwing sink never fails a request.
 */
import type { Logger } from '../platform/logging/logger.js';
import { noopLogger } from '../platform/logging/logger.js';
import { redactingLogger } from '../platform/logging/redacting-logger.js';

export type { LogFields, Logger } from '../platform/logging/logger.js';

/** Wraps the host's logger (or a silent one) for the client's use. */
export function clientLogger(logger: Logger | undefined): Logger {
  return redactingLogger(logger ?? noopLogger);
}
