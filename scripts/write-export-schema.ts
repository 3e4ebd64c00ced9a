/** `npm run schema:export`: regenerates the committed JSON Schema of the legacy export format. */
import { writeFileSync } from 'node:fs';
import {
  EXPORT_JSON_SCHEMA_PATH,
  legacyExportJsonSchemaText,
} from '../src/migration/export-json-schema.js';

writeFileSync(EXPORT_JSON_SCHEMA_PATH, legacyExportJsonSchemaText());
process.stdout.write(`wrote ${EXPORT_JSON_SCHEMA_PATH}\n`);
