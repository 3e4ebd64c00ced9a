/** The shape of one endpoint case of `src/api/endpoints.test.ts`. */
import type { ApiClient } from '../../src/api/api-client.js';

/** One client method: the request it must send and the answer it must turn into `expected`. */
export interface Case {
  readonly name: string;
  readonly call: (api: ApiClient) => Promise<unknown>;
  readonly method: string;
  readonly path: string;
  readonly query?: Record<string, string>;
  readonly body?: unknown;
  readonly status?: number;
  /** The whole answer body. */
  readonly answer: unknown;
  /** What the method resolves to. */
  readonly expected: unknown;
}
