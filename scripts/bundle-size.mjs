// Bundle budget: bundles `createClient` + `indexedDBStorage` for the browser the way an app's
// bundler would (ESM, minified, tree-shaken, split on dynamic imports), gzips it, prints the
// sizes and the minified bytes per package (and per folder of the SDK's own code), and fails
// when the initial chunks' gzipped size is over the budget.
//
//   node scripts/bundle-size.mjs [--budget-kb 107] [--json]
//
// "Initial" is what an app downloads before the first call: the entry chunk and every chunk it
// imports statically. Parts the SDK loads on first use (`client.media`'s cache and the
// legacy-library migration tool) land in lazy chunks: they are printed on their own and in the
// total, and are not counted against the budget. The budget is a ratchet at today's size
// (lower it whenever the bundle shrinks).
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const args = process.argv.slice(2);
const budgetAt = args.indexOf('--budget-kb');
const budgetKb = budgetAt >= 0 ? Number(args[budgetAt + 1]) : 107;
const targetKb = 60;

const entry = [
  "export { createClient } from './src/index.ts';",
  "export { indexedDBStorage } from './src/indexeddb.ts';",
].join('\n');

const result = await build({
  stdin: { contents: entry, resolveDir: process.cwd(), loader: 'ts', sourcefile: 'entry.ts' },
  bundle: true,
  splitting: true,
  outdir: 'bundle-size.out',
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

const outputs = result.metafile.outputs;
const codeOf = new Map(
  result.outputFiles.map((file) => [file.path.slice(file.path.indexOf('bundle-size.out')), file]),
);
const entryName = Object.keys(outputs).find((name) => outputs[name].entryPoint !== undefined);

/** The entry chunk and every chunk reachable from it through static imports. */
const initial = new Set();
const pending = [entryName];
while (pending.length > 0) {
  const name = pending.pop();
  if (initial.has(name)) continue;
  initial.add(name);
  for (const imported of outputs[name].imports) {
    if (imported.kind === 'import-statement' && outputs[imported.path]) pending.push(imported.path);
  }
}
const chunks = Object.keys(outputs).filter((name) => name.endsWith('.js'));
const lazy = chunks.filter((name) => !initial.has(name));

const concat = (names) => Buffer.concat(names.map((name) => codeOf.get(name).contents));
const initialCode = concat([...initial]);
const gzip = gzipSync(initialCode, { level: 9 }).length;
const lazyCode = concat(lazy);
const lazyGzip = lazy.length > 0 ? gzipSync(lazyCode, { level: 9 }).length : 0;
const allCode = concat(chunks);
const allGzip = gzipSync(allCode, { level: 9 }).length;

/** `node_modules/@scope/name/…` → `@scope/name`; our own sources → `(sdk)`. */
function packageOf(path) {
  const at = path.lastIndexOf('node_modules/');
  if (at < 0) return '(sdk)';
  const parts = path.slice(at + 'node_modules/'.length).split('/');
  return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
}

const byPackage = new Map();
for (const name of initial) {
  for (const [path, { bytesInOutput }] of Object.entries(outputs[name].inputs)) {
    const pkg = packageOf(path);
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + bytesInOutput);
  }
}
const rows = [...byPackage].sort((a, b) => b[1] - a[1]);

/** The SDK's own bytes by folder of `src/` (`src/sync/pusher.ts` → `sync`). */
const byFolder = new Map();
for (const name of initial) {
  for (const [path, { bytesInOutput }] of Object.entries(outputs[name].inputs)) {
    if (packageOf(path) !== '(sdk)') continue;
    const parts = path.split('/');
    const folder = parts.length > 2 ? parts[1] : parts.at(-1);
    byFolder.set(folder, (byFolder.get(folder) ?? 0) + bytesInOutput);
  }
}
const folders = [...byFolder].sort((a, b) => b[1] - a[1]);
const kb = (bytes) => (bytes / 1024).toFixed(1);

if (args.includes('--json')) {
  const packages = Object.fromEntries(rows);
  const sdkFolders = Object.fromEntries(folders);
  console.log(
    JSON.stringify({
      min: initialCode.length,
      gzip,
      lazyMin: lazyCode.length,
      lazyGzip,
      totalMin: allCode.length,
      totalGzip: allGzip,
      packages,
      sdkFolders,
    }),
  );
} else {
  console.log(`createClient + indexedDBStorage (browser, ESM, minified, initial chunks)`);
  console.log(
    `  total: ${kb(initialCode.length)} KB min, ${kb(gzip)} KB min+gzip (budget ${budgetKb} KB)`,
  );
  const over = gzip - targetKb * 1024;
  console.log(`  target ${targetKb} KB min+gzip: ${over > 0 ? `${kb(over)} KB over` : 'met'}`);
  console.log(`  loaded on first use: ${kb(lazyCode.length)} KB min, ${kb(lazyGzip)} KB min+gzip`);
  console.log(
    `  all chunks (initial + on first use): ${kb(allCode.length)} KB min, ${kb(allGzip)} KB min+gzip`,
  );
  console.log('  initial chunks by package (min):');
  for (const [name, bytes] of rows) {
    const share = ((bytes / initialCode.length) * 100).toFixed(1).padStart(5);
    console.log(`    ${name.padEnd(28)} ${kb(bytes).padStart(7)} KB  ${share} %`);
  }
  console.log('  (sdk) by folder of src/ (min):');
  for (const [name, bytes] of folders.filter(([, bytes]) => bytes > 0)) {
    console.log(`    ${name.padEnd(28)} ${kb(bytes).padStart(7)} KB`);
  }
}

// No zod locale may be bundled except English (an import style that defeats tree-shaking
// pulls all of them). Modules that add no bytes (the locales index) do not count.
const locales = chunks
  .flatMap((name) => Object.entries(outputs[name].inputs))
  .filter(([path, { bytesInOutput }]) => bytesInOutput > 0 && /zod\/.*\/locales\//.test(path))
  .filter(([path]) => !path.endsWith('/locales/en.js'));
if (locales.length > 0) {
  console.error(`zod locales bundled (${locales.length}): import zod's tree-shakable entry`);
  process.exit(1);
}

if (gzip > budgetKb * 1024) {
  console.error(`bundle budget exceeded: ${kb(gzip)} KB min+gzip > ${budgetKb} KB`);
  process.exit(1);
}
