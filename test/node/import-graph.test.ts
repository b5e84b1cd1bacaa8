/**
 * The import-graph rules (.dependency-cruiser.cjs, run by `npm run lint` on src/ and local/)
 * bite: on a small tree with a planted cycle, a core module importing the shell, a layer
 * importing one above it and an import that does not resolve, the same command fails and names
 * each rule. Without this, a rule whose path pattern stopped matching (a renamed folder) would
 * pass forever.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const CLI = resolve('node_modules/dependency-cruiser/bin/dependency-cruiser.mjs');
const CONFIG = resolve('.dependency-cruiser.cjs');

/** Runs the lint's command in `cwd`; resolves with its exit code and output. */
async function cruise(cwd: string) {
  try {
    const { stdout } = await run(process.execPath, [CLI, '--config', CONFIG, 'src', 'local'], {
      cwd,
    });
    return { code: 0, output: stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string };
    return { code: failed.code, output: failed.stdout };
  }
}

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'import-graph-'));
  writeFileSync(
    join(root, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { module: 'ES2022', moduleResolution: 'Bundler' } }),
  );
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

describe('import-graph rules', () => {
  let planted: string;
  let clean: string;
  beforeAll(() => {
    planted = tree({
      // A cycle through the emulator, the way actions.ts and user-operations.ts had one.
      'local/stream/a.ts': "import { b } from './b';\nexport const a = () => b;\n",
      'local/stream/b.ts': "import { a } from './a';\nexport const b = () => a;\n",
      // The core reaching the shell, and a type-only import counts.
      'src/core/config.ts':
        "import type { AppEnv } from '../http/types';\nexport type C = AppEnv;\n",
      'src/http/types.ts': 'export type AppEnv = { x: 1 };\n',
      // sync reaching services (a layer above it).
      'src/sync/push.ts': "import { s } from '../services/s';\nexport const p = s;\n",
      'src/services/s.ts': 'export const s = 1;\n',
      'src/db/client.ts': "import { gone } from './missing';\nexport const d = gone;\n",
    });
    clean = tree({
      'src/core/config.ts': 'export const c = 1;\n',
      'src/db/client.ts': "import { c } from '../core/config';\nexport const d = c;\n",
      'src/http/app.ts': "import { d } from '../db/client';\nexport const h = d;\n",
      'local/stream/a.ts': "import { h } from '../../src/http/app';\nexport const a = h;\n",
    });
  });
  afterAll(() => {
    for (const root of [planted, clean]) rmSync(root, { recursive: true, force: true });
  });

  it('fails on a cycle, a core import of the shell, an upward import and an unresolved one', async () => {
    const { code, output } = await cruise(planted);
    expect(code).not.toBe(0);
    expect(output).toMatch(/no-circular: local\/stream\/a\.ts/);
    expect(output).toContain(
      'core-imports-nothing-of-ours: src/core/config.ts → src/http/types.ts',
    );
    expect(output).toContain('core-imports-no-layer-above: src/core/config.ts → src/http/types.ts');
    expect(output).toContain('sync-imports-no-layer-above: src/sync/push.ts → src/services/s.ts');
    expect(output).toContain('imports-resolve: src/db/client.ts → ./missing');
  });

  it('passes a tree whose imports only point down', async () => {
    const { code, output } = await cruise(clean);
    expect(output).toContain('no dependency violations found');
    expect(code).toBe(0);
  });
});
