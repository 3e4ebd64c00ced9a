/** The JSON Schema of the legacy export format, for exporters written in other languages. */
import * as z from 'zod/mini';
import { legacyExportSchema } from './export-format.js';

/** Where the generated schema is committed, relative to the package root. */
export const EXPORT_JSON_SCHEMA_PATH = 'docs/legacy-export-v1.schema.json';

/** The JSON Schema (draft 2020-12) of what an exporter may write (export format version 1). */
export function legacyExportJsonSchema(): Record<string, unknown> {
  return {
    title: 'InfiniteStories legacy export, version 1',
    ...z.toJSONSchema(legacyExportSchema, { io: 'input', target: 'draft-2020-12' }),
  };
}

/** The schema file's exact text. */
export function legacyExportJsonSchemaText(): string {
  return `${JSON.stringify(legacyExportJsonSchema(), null, 2)}\n`;
}
