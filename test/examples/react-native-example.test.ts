/**
 * examples/react-native is type-checked by `npm run typecheck` (the root tsconfig includes
 * examples/) against the published type declarations of expo-sqlite, expo-secure-store,
 * expo-file-system and NetInfo, and `@types/react-native` for `AppState`
 * (`react-native-example.test-d.ts` checks that none of them reads as `any`). This test checks
 * that each module the example imports resolves to that package, not to a stand-in.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { expect, it } from 'vitest';

const folder = fileURLToPath(new URL('../../examples/react-native/', import.meta.url));
const rootConfig = fileURLToPath(new URL('../../tsconfig.json', import.meta.url));

it('resolves every module the example imports to its published package', async () => {
  const { config } = ts.readConfigFile(rootConfig, ts.sys.readFile);
  const { options } = ts.convertCompilerOptionsFromJson(config.compilerOptions, folder);
  const client = `${folder}client.ts`;
  const packageOf = (name: string): string | undefined => {
    const resolved = ts.resolveModuleName(name, client, options, ts.sys).resolvedModule;
    return /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(resolved?.resolvedFileName ?? '')?.[1];
  };
  const source = await readFile(client, 'utf8');
  const imported = [...source.matchAll(/from '([^'.][^']*)'/g)].map((match) => match[1] ?? '');
  expect(imported.filter((name) => !name.startsWith('@infinitestories/')).sort()).toEqual([
    '@react-native-community/netinfo',
    'expo-file-system/legacy',
    'expo-secure-store',
    'expo-sqlite',
    'react-native',
  ]);
  expect(packageOf('expo-sqlite')).toBe('expo-sqlite');
  expect(packageOf('expo-secure-store')).toBe('expo-secure-store');
  expect(packageOf('expo-file-system/legacy')).toBe('expo-file-system');
  expect(packageOf('@react-native-community/netinfo')).toBe('@react-native-community/netinfo');
  expect(packageOf('react-native')).toBe('@types/react-native');
});
