/**
 * Lists the names an entry point exports, each marked `value` or `type`, read with the
 * TypeScript compiler from the source entry (what tsup turns into `dist/*.d.ts`).
 */
import ts from 'typescript';

/** Whether the symbol is re-exported with `export type { … }`: callers get its type only. */
function typeOnly(symbol: ts.Symbol): boolean {
  return (symbol.declarations ?? []).some(
    (declaration) =>
      ts.isExportSpecifier(declaration) &&
      (declaration.isTypeOnly || declaration.parent.parent.isTypeOnly),
  );
}

/** `name: value|type`, sorted, for each of `entries` (one compiler program for all of them). */
export function listExportsOf(entries: readonly string[]): Map<string, string[]> {
  const program = ts.createProgram([...entries], {
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    target: ts.ScriptTarget.ES2022,
    strict: true,
    skipLibCheck: true,
    noEmit: true,
    types: [],
  });
  const checker = program.getTypeChecker();
  const lists = new Map<string, string[]>();
  for (const entry of entries) {
    const source = program.getSourceFile(entry);
    if (!source) throw new Error(`cannot read ${entry}`);
    const module = checker.getSymbolAtLocation(source);
    if (!module) throw new Error(`${entry} is not a module`);
    const names = checker
      .getExportsOfModule(module)
      .map((symbol) => {
        const target =
          symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
        const value = (target.flags & ts.SymbolFlags.Value) !== 0 && !typeOnly(symbol);
        return `${symbol.name}: ${value ? 'value' : 'type'}`;
      })
      .sort();
    lists.set(entry, names);
  }
  return lists;
}

/** `name: value|type`, sorted. */
export function listExports(entry: string): string[] {
  return listExportsOf([entry]).get(entry) ?? [];
}

// `npx tsx test/public-api/list-exports.ts src/index.ts` prints the list and its counts.
if (process.argv[1]?.endsWith('list-exports.ts') && process.argv[2]) {
  const names = listExports(process.argv[2]);
  const values = names.filter((n) => n.endsWith(': value')).length;
  console.log(names.join('\n'));
  console.log(`${names.length} names: ${values} values, ${names.length - values} types`);
}
