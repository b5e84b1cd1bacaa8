/**
 * The bench's own plumbing (the bench itself is `npm run bench`, not part of the suite):
 *  - `--help` prints the usage and does nothing else;
 *  - with --json, stdout carries the JSON alone even when wrangler prints "Using secrets defined
 *    in .dev.vars" in process (the output routing, run the way the bench runs it);
 *  - the floor is configured like the app, and a floor that is not is named;
 *  - the ratios: per-round ranges, rotation, median of ratios vs ratio of medians.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { USAGE } from '../../bench/args';
import { floorMismatches } from '../../bench/floor-config';
import { medianOfRatios, ratioOfMedians, rotate } from '../../bench/stats';

const root = resolve(import.meta.dirname, '../..');
// tsx by path, so a child can run in a directory that is not the project.
const tsxLoader = pathToFileURL(join(root, 'node_modules/tsx/dist/loader.mjs')).href;
const tsx = (args: string[], cwd = root) =>
  spawnSync(process.execPath, ['--import', tsxLoader, ...args], { cwd, encoding: 'utf8' });

describe('npm run bench', () => {
  it('--help prints the usage and does nothing else', () => {
    // From an empty directory: reading the project's config, git or building would fail there,
    // and anything written would show up in it.
    const empty = mkdtempSync(join(tmpdir(), 'bench-help-'));
    const run = tsx([join(root, 'bench/run.ts'), '--help'], empty);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(USAGE);
    expect(run.status).toBe(0);
    expect(readdirSync(empty)).toEqual([]);
  });

  it('an unknown option is refused with the usage, on stderr', () => {
    const empty = mkdtempSync(join(tmpdir(), 'bench-help-'));
    const run = tsx([join(root, 'bench/run.ts'), '--no-such-option'], empty);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain("Unknown option '--no-such-option'");
    expect(run.stderr).toContain(USAGE);
  });

  it('--json: stdout is the JSON alone, even with a .dev.vars that wrangler announces', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-json-'));
    writeFileSync(
      join(dir, 'wrangler.toml'),
      'name = "w"\nmain = "index.js"\ncompatibility_date = "2026-11-01"\n',
    );
    writeFileSync(join(dir, 'index.js'), 'export default { fetch: () => new Response("") };\n');
    writeFileSync(join(dir, '.dev.vars'), 'SECRET=x\n');
    // What bench/run.ts does, in order: claim stdout for --json, then let wrangler read a config
    // (bench/runtime.ts) and libraries and the bench write their lines.
    const run = tsx([
      '--input-type=module',
      '-e',
      `
      const { claimStdout } = await import(${JSON.stringify(pathToFileURL(join(root, 'bench/output.ts')).href)});
      const { unstable_getMiniflareWorkerOptions } = await import('wrangler');
      const out = claimStdout(true);
      unstable_getMiniflareWorkerOptions(${JSON.stringify(join(dir, 'wrangler.toml'))});
      console.log('a library line');
      out.say('a progress line');
      out.result(JSON.stringify({ ok: true }));
      `,
    ]);
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ ok: true });
    // wrangler did announce the file: on stderr, with everything else that is not the result.
    expect(run.stderr).toMatch(/Using secrets defined in .*\.dev\.vars/);
    expect(run.stderr).toContain('a library line');
    expect(run.stderr).toContain('a progress line');
  });
});

describe('the floor', () => {
  it('is configured like the app (assets, compatibility date and flags, build settings)', () => {
    expect(
      floorMismatches(join(root, 'wrangler.toml'), join(root, 'bench/floor/wrangler.toml')),
    ).toEqual([]);
  });

  it('a floor without the app’s assets and flags is named', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-floor-'));
    const config = join(dir, 'wrangler.toml');
    writeFileSync(
      config,
      'name = "f"\nmain = "index.ts"\ncompatibility_date = "2026-11-01"\nminify = true\nkeep_names = false\n',
    );
    const diffs = floorMismatches(join(root, 'wrangler.toml'), config);
    expect(diffs.map((d) => d.split(':')[0])).toEqual([
      'compatibility_flags',
      'assets.directory',
      'assets.binding',
    ]);
  });
});

describe('ratios', () => {
  it('ratio of medians over every sample, with the per-round range', () => {
    const r = ratioOfMedians([
      [
        [10, 12],
        [5, 6],
      ],
      [[30], [10]],
      [[20], [10]],
    ]);
    // app samples 10, 12, 30, 20 (median 16); floor 5, 6, 10, 10 (median 8).
    expect(r).toEqual({ ratio: 2, min: 2, max: 3, rounds: 3 });
  });

  it('no ratio to a median of 0; a round with a 0 denominator has no ratio in the range', () => {
    expect(
      ratioOfMedians([
        [[5], [0]],
        [[6], [0]],
      ]),
    ).toBeNull();
    expect(
      ratioOfMedians([
        [[5], [0]],
        [[6], [2]],
        [[8], [2]],
      ]),
    ).toEqual({
      ratio: 3,
      min: 3,
      max: 4,
      rounds: 3,
    });
  });

  it('median of per-round ratios, with their range', () => {
    expect(medianOfRatios([90, 80, 100], [100, 100, 100])).toEqual({
      ratio: 0.9,
      min: 0.8,
      max: 1,
      rounds: 3,
    });
  });

  it('rotation puts each subject first in turn', () => {
    expect([0, 1, 2, 3].map((r) => rotate(['app', 'floor', 'baseline'], r)[0])).toEqual([
      'app',
      'floor',
      'baseline',
      'app',
    ]);
  });
});
