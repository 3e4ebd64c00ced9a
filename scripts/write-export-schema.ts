/** `npm run schema:export`: regenerates the committed JSON Schema of the legacy export format. */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import {
  EXPORT_JSON_SCHEMA_PATH,
  legacyExportJsonSchemaText,
} from '../src/migration/export-json-schema.js';

writeFileSync(EXPORT_JSON_SCHEMA_PATH, legacyExportJsonSchemaText());
// The repository's formatter owns the layout; the test compares the parsed JSON.
execFileSync('npx', ['biome', 'format', '--write', EXPORT_JSON_SCHEMA_PATH], { stdio: 'inherit' });
process.stdout.write(`wrote ${EXPORT_JSON_SCHEMA_PATH}\n`);
