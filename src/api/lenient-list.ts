/**
 * List calls that skip rows failing their schema instead of refusing the whole page: the sync
 * engine uses this so one bad row (a buggy server release) does not stop a collection's pull.
 * The page's envelope and pagination are still checked strictly.
 */
import * as z from 'zod/mini';
import { acceptAsIs } from '../schemas/accept-as-is.js';
import type { Pagination } from '../schemas/common.js';
import { paginationSchema } from '../schemas/common.js';
import type { CallOptions } from './options.js';
import type { EndpointCall, Transport } from './transport.js';

/** A list row that failed its schema and was left out of the page. */
export interface InvalidListItem {
  /** SDK operation name of the list call, e.g. `heroes.list`. */
  readonly operation: string;
  /** The row's `id`, or `null` when it has none. */
  readonly id: string | null;
  /** The first failing field, as a dotted path inside the row (e.g. `age`). */
  readonly field: string;
  /** What is wrong with it. */
  readonly message: string;
}

/** Options of list calls. */
export interface ListCallOptions extends CallOptions {
  /**
   * When set, rows that fail their schema are left out of the page and reported here instead of
   * failing the whole call with `ContractError`.
   */
  onInvalidItem?: (item: InvalidListItem) => void;
}

function describeItem(operation: string, item: unknown, error: z.core.$ZodError): InvalidListItem {
  const id =
    typeof item === 'object' && item !== null && typeof (item as { id?: unknown }).id === 'string'
      ? (item as { id: string }).id
      : null;
  const issue = error.issues[0];
  return {
    operation,
    id,
    field: issue ? issue.path.map(String).join('.') : '',
    message: issue?.message ?? 'invalid row',
  };
}

const looseSchemas = new Map<string, z.ZodMiniType>();

/** The page schema with rows left unchecked, built once per key (and so compiled once). */
function looseSchema(key: string): z.ZodMiniType {
  let schema = looseSchemas.get(key);
  if (!schema) {
    schema = z.object({ [key]: z.array(z.unknown()), pagination: paginationSchema });
    looseSchemas.set(key, schema);
  }
  return schema;
}

/**
 * Sends a list call whose rows sit under `key`. Without `onInvalidItem` the whole page is
 * validated as usual; with it, each row is validated alone and the invalid ones are reported.
 * A row that the schema's quick check accepts as it is (see `accept-as-is.ts`) is kept as
 * parsed from the body, without zod building a copy of it; any other row goes through zod.
 */
export async function sendList<P extends { pagination: Pagination }>(
  transport: Transport,
  call: EndpointCall<z.ZodMiniType<P>>,
  key: string,
  item: z.ZodMiniType,
  options: ListCallOptions = {},
): Promise<P> {
  const { onInvalidItem, ...callOptions } = options;
  if (!onInvalidItem) return transport.send(call, callOptions);
  const loose = looseSchema(key);
  const page = (await transport.send({ ...call, response: loose }, callOptions)) as Record<
    string,
    unknown
  >;
  const rows: unknown[] = [];
  const asIs = acceptAsIs(item);
  for (const row of page[key] as unknown[]) {
    if (asIs(row)) {
      rows.push(row);
      continue;
    }
    const parsed = item.safeParse(row);
    if (parsed.success) rows.push(parsed.data);
    else onInvalidItem(describeItem(call.operation, row, parsed.error));
  }
  return { ...page, [key]: rows } as unknown as P;
}
