/**
 * The client package (client/) compiles in a frontend project: test/client-app is one, with a
 * browser tsconfig (DOM libs, bundler resolution, no Worker or Node types, skipLibCheck off). Its
 * main.ts signs in, lists tenants and posts a message, and its `@ts-expect-error` lines prove the
 * types still catch wrong bodies, params and routes. The compile must see no server code: only
 * client/, hono's declarations and TypeScript's libs. And client/schema.ts is what the routes say.
 */
import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { SCHEMA_FILE, schemaText } from '../../scripts/client-schema';

const APP = resolve('test/client-app');
const CONFIG = resolve(APP, 'tsconfig.json');

/**
 * Compiles the frontend app's files (or `extra`, a file written next to them) with its config,
 * `stricter` options added. `checkOnly`: the errors of that one file (a faster check).
 */
function compile(
  extra?: { name: string; text: string },
  stricter: ts.CompilerOptions = {},
  checkOnly?: string,
) {
  const parsed = ts.getParsedCommandLineOfConfigFile(
    CONFIG,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  );
  if (!parsed) throw new Error(`${CONFIG} did not parse`);
  const options = { ...parsed.options, ...stricter };
  const host = ts.createCompilerHost(options);
  const extraPath = extra && resolve(APP, extra.name);
  if (extra && extraPath) {
    const { getSourceFile, fileExists, readFile } = host;
    host.fileExists = (f) => f === extraPath || fileExists(f);
    host.readFile = (f) => (f === extraPath ? extra.text : readFile(f));
    host.getSourceFile = (f, ...rest) =>
      f === extraPath
        ? ts.createSourceFile(f, extra.text, ts.ScriptTarget.ES2022, true)
        : getSourceFile(f, ...rest);
  }
  const program = ts.createProgram({
    rootNames: extraPath ? [extraPath] : parsed.fileNames,
    options,
    host,
  });
  const only = checkOnly === undefined ? undefined : program.getSourceFile(resolve(checkOnly));
  if (checkOnly !== undefined && !only) throw new Error(`${checkOnly} is not in the program`);
  const diagnostics = only
    ? program.getSemanticDiagnostics(only)
    : ts.getPreEmitDiagnostics(program);
  const errors = diagnostics.map((d) => {
    const where = d.file
      ? `${relative('.', d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1} `
      : '';
    return `${where}${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
  const files = program.getSourceFiles().map((f) => relative('.', f.fileName));
  return { errors, files, options };
}

describe('the client package in a frontend project', () => {
  it('compiles with a browser tsconfig, no errors, and reads no server code', () => {
    const { errors, files, options } = compile();
    // The config is a browser project's: no ambient Worker or Node types, libraries checked.
    expect(options.types).toEqual([]);
    expect(options.skipLibCheck).toBe(false);
    expect(options.lib).toEqual(['lib.es2022.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts']);
    expect(errors).toEqual([]);
    const ours = files.filter((f) => !f.startsWith('node_modules/'));
    expect(ours.sort()).toEqual(['client/index.ts', 'client/schema.ts', 'test/client-app/main.ts']);
    const packages = new Set(
      files
        .filter((f) => f.startsWith('node_modules/'))
        .map((f) =>
          f
            .split('/')
            .slice(1, f.startsWith('node_modules/@') ? 3 : 2)
            .join('/'),
        ),
    );
    // @types/react and csstype: the template's `jsx: react-jsx` reads React's JSX types.
    expect([...packages].sort()).toEqual(['@types/react', 'csstype', 'hono', 'typescript']);
  }, 60_000);

  it('compiles under the stricter flags a project may add', () => {
    const { errors } = compile(undefined, {
      exactOptionalPropertyTypes: true,
      noUncheckedIndexedAccess: true,
      noPropertyAccessFromIndexSignature: true,
      isolatedModules: true,
    });
    expect(errors).toEqual([]);
  }, 60_000);

  it('the same check fails on the Worker’s own type (so it can fail)', () => {
    const { errors, files } = compile(
      {
        name: 'server-type.ts',
        text: [
          "import { hc } from 'hono/client';",
          "import type { AppType } from '../../src/app';",
          "export const api = hc<AppType>('http://127.0.0.1:8787');",
        ].join('\n'),
      },
      {},
      // Where the Worker's environment type is named; checking every server file takes long.
      'src/http/types.ts',
    );
    expect(files).toContain('src/app.ts');
    expect(errors.join('\n')).toContain("Cannot find name 'CloudflareBindings'");
  }, 120_000);

  it('main.ts’s type assertions bite: a mistake without its @ts-expect-error is an error', () => {
    const main = readFileSync(resolve(APP, 'main.ts'), 'utf8');
    const expected = main.match(/^\s*\/\/ @ts-expect-error/gm)?.length ?? 0;
    expect(expected).toBeGreaterThanOrEqual(5);
    const { errors } = compile({
      name: 'main-unguarded.ts',
      text: main.replaceAll('// @ts-expect-error', '//'),
    });
    expect(errors).toHaveLength(expected);
  }, 60_000);

  it('client/schema.ts is what the routes say (run `npm run client:types` after a route change)', () => {
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(schemaText());
    expect(dirname(SCHEMA_FILE)).toBe(resolve('client'));
  }, 60_000);
});
