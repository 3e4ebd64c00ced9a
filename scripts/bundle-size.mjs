// Bundle budget: bundles `createClient` + `indexedDBStorage` for the browser the way an app's
// bundler would (ESM, minified, tree-shaken), gzips it, prints the total and the minified bytes
// per package, and fails when the gzipped size is over the budget.
//
//   node scripts/bundle-size.mjs [--budget-kb 117] [--json]
//
// The budget is a ratchet at today's size (lower it whenever the bundle shrinks); the target
// is 60 KB min+gzip, printed with the distance to it.
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const args = process.argv.slice(2);
const budgetAt = args.indexOf('--budget-kb');
const budgetKb = budgetAt >= 0 ? Number(args[budgetAt + 1]) : 117;
const targetKb = 60;

const entry = [
  "export { createClient } from './src/index.ts';",
  "export { indexedDBStorage } from './src/indexeddb.ts';",
].join('\n');

const result = await build({
  stdin: { contents: entry, resolveDir: process.cwd(), loader: 'ts', sourcefile: 'entry.ts' },
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  treeShaking: true,
  metafile: true,
  write: false,
  logLevel: 'warning',
  define: { 'process.env.NODE_ENV': '"production"' },
});

const code = result.outputFiles[0].contents;
const gzip = gzipSync(code, { level: 9 }).length;
const output = Object.values(result.metafile.outputs)[0];

/** `node_modules/@scope/name/…` → `@scope/name`; our own sources → `(sdk)`. */
function packageOf(path) {
  const at = path.lastIndexOf('node_modules/');
  if (at < 0) return '(sdk)';
  const parts = path.slice(at + 'node_modules/'.length).split('/');
  return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
}

const byPackage = new Map();
for (const [path, { bytesInOutput }] of Object.entries(output.inputs)) {
  const name = packageOf(path);
  byPackage.set(name, (byPackage.get(name) ?? 0) + bytesInOutput);
}
const rows = [...byPackage].sort((a, b) => b[1] - a[1]);
const kb = (bytes) => (bytes / 1024).toFixed(1);

if (args.includes('--json')) {
  console.log(JSON.stringify({ min: code.length, gzip, packages: Object.fromEntries(rows) }));
} else {
  console.log(`createClient + indexedDBStorage (browser, ESM, minified)`);
  console.log(
    `  total: ${kb(code.length)} KB min, ${kb(gzip)} KB min+gzip (budget ${budgetKb} KB)`,
  );
  const over = gzip - targetKb * 1024;
  console.log(`  target ${targetKb} KB min+gzip: ${over > 0 ? `${kb(over)} KB over` : 'met'}`);
  for (const [name, bytes] of rows) {
    const share = ((bytes / code.length) * 100).toFixed(1).padStart(5);
    console.log(`  ${name.padEnd(28)} ${kb(bytes).padStart(7)} KB min  ${share} %`);
  }
}

// zod's classic entry installs the English messages; any other locale means an import style
// that defeats tree-shaking (`import * as z from 'zod'` pulls all of them).
const locales = Object.keys(output.inputs).filter(
  (path) => /zod\/.*\/locales\//.test(path) && !path.endsWith('/locales/en.js'),
);
if (locales.length > 0) {
  console.error(
    `zod locales bundled (${locales.length}): import zod as \`import * as z from 'zod'\``,
  );
  process.exit(1);
}

if (gzip > budgetKb * 1024) {
  console.error(`bundle budget exceeded: ${kb(gzip)} KB min+gzip > ${budgetKb} KB`);
  process.exit(1);
}
