/**
 * The production bundles (`wrangler deploy --dry-run`, as deployed: minified, aliases applied)
 * of the app and of the floor Worker, their sizes, and their startup CPU as Cloudflare's own
 * tool measures it (`wrangler check startup`, the "Sampled time" of its startup profile).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';

const run = promisify(execFile);
const env = { ...process.env, WRANGLER_SEND_METRICS: 'false' };

export interface Bundle {
  config: string;
  script: string;
  rawKiB: number;
  gzipKiB: number;
}

export async function buildBundle(config: string): Promise<Bundle> {
  const outdir = mkdtempSync(join(tmpdir(), 'bench-bundle-'));
  await run('npx', ['wrangler', 'deploy', '--dry-run', '-c', config, '--outdir', outdir], { env });
  const script = join(outdir, 'index.js');
  const bytes = readFileSync(script);
  const kib = (n: number) => Number((n / 1024).toFixed(1));
  return {
    config,
    script,
    rawKiB: kib(bytes.length),
    gzipKiB: kib(gzipSync(bytes, { level: 9 }).length),
  };
}

/** `wrangler check startup`'s sampled startup time (ms), one run. */
async function startupOnce(config: string): Promise<number> {
  const outfile = join(mkdtempSync(join(tmpdir(), 'bench-startup-')), 'startup.cpuprofile');
  // From the config's directory: `check startup` builds the Worker of the current directory.
  const { stdout } = await run('npx', ['wrangler', 'check', 'startup', '--outfile', outfile], {
    env,
    cwd: dirname(config),
  });
  const ms = /Sampled time:\s*([\d.]+)\s*ms/.exec(stdout)?.[1];
  if (!ms) throw new Error(`wrangler check startup printed no sampled time:\n${stdout}`);
  return Number(ms);
}

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

/**
 * Median of `runs`, app and floor interleaved so both see the same machine load. The minimum is
 * reported too: on a shared machine other work only ever adds to a run, never takes away.
 */
export async function startupCpu(configs: { app: string; floor: string }, runs: number) {
  const app: number[] = [];
  const floor: number[] = [];
  for (let i = 0; i < runs; i++) {
    app.push(await startupOnce(configs.app));
    floor.push(await startupOnce(configs.floor));
  }
  return {
    appMs: median(app),
    floorMs: median(floor),
    appMinMs: Math.min(...app),
    floorMinMs: Math.min(...floor),
    appRuns: app,
    floorRuns: floor,
  };
}
