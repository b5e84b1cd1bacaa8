/**
 * Whatever local state and settings the README has people create stays out of git and out of
 * Biome: the data directories and settings files its `sh` blocks name (`--data-dir`,
 * `--env-file`, and the `.data-BASE` that `--ports BASE` makes), plus the defaults. The example
 * settings file stays tracked. Biome runs in a scratch repository holding our .gitignore and
 * biome.json and those files, with a badly formatted state file inside each: `biome check` must
 * pass, and fail once the same file sits outside them (so the check can fail).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseDevOptions } from '../../local/dev-options';

const shBlocks = [...readFileSync('README.md', 'utf8').matchAll(/^```sh\n([\s\S]*?)^```$/gm)].map(
  (match) => match[1] ?? '',
);

/** The data directories and settings files the README's `npm run dev` commands use. */
function suggestedPaths(): { dataDirs: string[]; envFiles: string[] } {
  const dataDirs = new Set(['.data']);
  const envFiles = new Set(['.dev.vars']);
  for (const block of shBlocks) {
    for (const [, args] of block.matchAll(/npm run dev -- ([^#\n]*)/g)) {
      const options = parseDevOptions((args ?? '').trim().split(/\s+/));
      dataDirs.add(options.dataDir);
      if (options.envFile) envFiles.add(options.envFile);
    }
  }
  return { dataDirs: [...dataDirs], envFiles: [...envFiles] };
}

const { dataDirs, envFiles } = suggestedPaths();
const STATE_FILE = 'stream/state.json';
// Valid JSON that Biome's formatter would rewrite.
const UNFORMATTED = '{"users":{},"channels":[1,2,3]}';

describe('local state and settings stay out of git and Biome', () => {
  it('the README suggests a second copy with its own data directory', () => {
    expect(dataDirs.filter((dir) => dir !== '.data').length).toBeGreaterThan(0);
  });

  it('git ignores every suggested data directory and settings file, not the example', () => {
    const ignored = (path: string) =>
      spawnSync('git', ['check-ignore', '--quiet', '--no-index', path]).status === 0;
    for (const dir of dataDirs) expect(ignored(join(dir, STATE_FILE)), dir).toBe(true);
    for (const file of envFiles) expect(ignored(file), file).toBe(true);
    expect(ignored('.dev.vars.other')).toBe(true);
    expect(ignored('.dev.vars.example')).toBe(false);
  });

  describe('Biome', () => {
    const scratch = mkdtempSync(join(tmpdir(), 'dev-ignores-'));
    const biome = resolve('node_modules/.bin/biome');
    afterAll(() => rmSync(scratch, { recursive: true, force: true }));

    const write = (path: string, text: string) => {
      mkdirSync(dirname(join(scratch, path)), { recursive: true });
      writeFileSync(join(scratch, path), text);
    };
    const check = () =>
      spawnSync(biome, ['check', '.'], { cwd: scratch, encoding: 'utf8', timeout: 30_000 });

    it('checks nothing in them, and fails on the same file elsewhere', () => {
      expect(spawnSync('git', ['init', '--quiet', scratch]).status).toBe(0);
      copyFileSync('.gitignore', join(scratch, '.gitignore'));
      copyFileSync('biome.json', join(scratch, 'biome.json'));
      for (const dir of dataDirs) write(join(dir, STATE_FILE), UNFORMATTED);
      for (const file of envFiles) write(file, 'PORT=8790\n');
      const clean = check();
      expect(clean.status, `${clean.stdout}${clean.stderr}`).toBe(0);

      write(join('elsewhere', STATE_FILE), UNFORMATTED);
      expect(check().status).not.toBe(0);
    });
  });
});
