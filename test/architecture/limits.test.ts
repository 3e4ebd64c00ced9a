/**
 * Architecture limits, checked on every run so they cannot regress: no file in `src/` over
 * 400 lines, no function over 60 lines, and the layering rules between folders.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SRC = join(ROOT, 'src');
const MAX_FILE_LINES = 400;
const MAX_FUNCTION_LINES = 60;

/**
 * Known violations, each still a violation (the test fails when one is fixed and left here): the
 * list only shrinks. Entries are `file:function`.
 */
const ALLOWED_LONG_FILES: ReadonlySet<string> = new Set([]);
const ALLOWED_LONG_FUNCTIONS: ReadonlySet<string> = new Set([]);

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(path));
    else if (entry.name.endsWith('.ts')) out.push(path);
  }
  return out.sort();
}

const isTest = (file: string): boolean => /\.test(-d)?\.ts$/.test(file);
const FILES = sourceFiles(SRC).map((path) => relative(ROOT, path).split('\\').join('/'));
const PRODUCTION = FILES.filter((file) => !isTest(file));

function parse(file: string): ts.SourceFile {
  return ts.createSourceFile(
    file,
    readFileSync(join(ROOT, file), 'utf8'),
    ts.ScriptTarget.Latest,
    true,
  );
}

function lineCount(file: string): number {
  const text = readFileSync(join(ROOT, file), 'utf8');
  return text.endsWith('\n') ? text.split('\n').length - 1 : text.split('\n').length;
}

function functionName(node: ts.Node): string {
  if ((ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node)) && node.name) {
    return node.name.getText();
  }
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  if (ts.isGetAccessor(node) || ts.isSetAccessor(node)) return node.name.getText();
  const parent = node.parent;
  if (
    parent &&
    (ts.isVariableDeclaration(parent) ||
      ts.isPropertyDeclaration(parent) ||
      ts.isPropertyAssignment(parent))
  ) {
    return parent.name.getText();
  }
  return '(anonymous)';
}

const hasBody = (node: ts.Node): node is ts.FunctionLikeDeclaration =>
  ts.isFunctionLike(node) && 'body' in node && node.body !== undefined;

/**
 * The lines a function spans, less the lines of the functions nested in it: each nested
 * function (a method of a returned object, a route handler) is measured on its own, as the
 * methods of a class would be.
 */
function ownLines(source: ts.SourceFile, fn: ts.FunctionLikeDeclaration): number {
  const lineOf = (pos: number): number => source.getLineAndCharacterOfPosition(pos).line;
  const span = (node: ts.Node): number => lineOf(node.getEnd()) - lineOf(node.getStart(source)) + 1;
  let nested = 0;
  const visit = (node: ts.Node): void => {
    if (hasBody(node)) {
      // The nested function's first and last lines usually carry code of the outer one too.
      nested += Math.max(0, span(node) - 2);
      return;
    }
    ts.forEachChild(node, visit);
  };
  if (fn.body) ts.forEachChild(fn.body, visit);
  return span(fn) - nested;
}

/** `file:name` of every function whose own lines exceed the limit. */
function longFunctions(file: string): string[] {
  const source = parse(file);
  const out: string[] = [];
  const visit = (node: ts.Node): void => {
    if (hasBody(node) && ownLines(source, node) > MAX_FUNCTION_LINES) {
      out.push(`${file}:${functionName(node)}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

/** The `src/`-relative files `file` imports (static, dynamic and re-exports). */
function importsOf(file: string): string[] {
  const source = parse(file);
  const out: string[] = [];
  const add = (specifier: string): void => {
    if (!specifier.startsWith('.')) return;
    const target = join(dirname(file), specifier).split('\\').join('/');
    out.push(target.replace(/\.js$/, '.ts'));
  };
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) {
      if (ts.isStringLiteral(node.moduleSpecifier)) add(node.moduleSpecifier.text);
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      add(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

const layerOf = (file: string): string => {
  const parts = file.split('/');
  return parts.length > 2 ? (parts[1] as string) : (parts[1] as string).replace(/\.ts$/, '');
};

/** The layers each layer may import besides itself (`*` = anything but the forbidden ones). */
const ALLOWED_IMPORTS: Readonly<Record<string, readonly string[]>> = {
  model: ['schemas'],
  platform: ['model', 'errors'],
  conflict: ['model', 'errors'],
};

describe('architecture limits', () => {
  it(`no file in src/ is over ${MAX_FILE_LINES} lines`, () => {
    const long = PRODUCTION.filter((file) => lineCount(file) > MAX_FILE_LINES);
    expect(long.filter((file) => !ALLOWED_LONG_FILES.has(file))).toEqual([]);
    expect([...ALLOWED_LONG_FILES].filter((file) => !long.includes(file))).toEqual([]);
  });

  it(`no function in src/ is over ${MAX_FUNCTION_LINES} lines`, () => {
    const long = PRODUCTION.flatMap(longFunctions);
    expect(long.filter((entry) => !ALLOWED_LONG_FUNCTIONS.has(entry))).toEqual([]);
    expect([...ALLOWED_LONG_FUNCTIONS].filter((entry) => !long.includes(entry))).toEqual([]);
  });

  it('layers import only the layers below them', () => {
    const problems: string[] = [];
    for (const file of PRODUCTION) {
      const layer = layerOf(file);
      for (const target of importsOf(file)) {
        const targetLayer = layerOf(target);
        if (target === 'src/index.ts') problems.push(`${file} imports the public entry`);
        if (targetLayer === 'testing' && layer !== 'testing')
          problems.push(`${file} imports ${target}`);
        const allowed = ALLOWED_IMPORTS[layer];
        if (allowed && targetLayer !== layer && !allowed.includes(targetLayer)) {
          problems.push(`${file} (${layer}) imports ${target}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });
});
