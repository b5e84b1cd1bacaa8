/**
 * The production bundles (`wrangler deploy --dry-run`, as deployed: minified, aliases applied)
 * of the app and of the floor Worker, their sizes (every module uploaded: the script and the
 * modules it loads on first use), and their startup CPU as Cloudflare's own tool measures it
 * (`wrangler check startup`: "Sampled time" of its startup profile, and its "Active" part, the
 * samples that were not idle).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';

const run = promisify(execFile);
const env = { ...process.env, WRANGLER_SEND_METRICS: 'false' };

export interface Bundle {
  config: string;
  script: string;
  /** Every module uploaded (what Cloudflare's size limit counts). */
  rawKiB: number;
  gzipKiB: number;
  /** The script alone: what an isolate runs at startup (workerd compiles every module). */
  scriptRawKiB: number;
  scriptGzipKiB: number;
  /** Modules next to the script, loaded on first use (paths relative to the script). */
  lazyModules: string[];
}

/** The JavaScript modules of a `wrangler deploy --outdir` (not source maps or its README). */
function modulesIn(outdir: string): string[] {
  return readdirSync(outdir, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.m?js$/.test(f))
    .sort((a, b) => (a === 'index.js' ? -1 : b === 'index.js' ? 1 : a.localeCompare(b)));
}

export async function buildBundle(config: string): Promise<Bundle> {
  const outdir = mkdtempSync(join(tmpdir(), 'bench-bundle-'));
  await run('npx', ['wrangler', 'deploy', '--dry-run', '-c', config, '--outdir', outdir], { env });
  const script = join(outdir, 'index.js');
  const modules = modulesIn(outdir);
  const all = Buffer.concat(modules.map((m) => readFileSync(join(outdir, m))));
  const bytes = readFileSync(script);
  const kib = (n: number) => Number((n / 1024).toFixed(1));
  return {
    config,
    script,
    rawKiB: kib(all.length),
    gzipKiB: kib(gzipSync(all, { level: 9 }).length),
    scriptRawKiB: kib(bytes.length),
    scriptGzipKiB: kib(gzipSync(bytes, { level: 9 }).length),
    lazyModules: modules.filter((m) => m !== 'index.js'),
  };
}

/** `wrangler check startup`'s sampled startup time and its active (not idle) part, ms, one run. */
async function startupOnce(config: string): Promise<{ sampled: number; active: number }> {
  const outfile = join(mkdtempSync(join(tmpdir(), 'bench-startup-')), 'startup.cpuprofile');
  // From the config's directory: `check startup` builds the Worker of the current directory.
  const { stdout } = await run('npx', ['wrangler', 'check', 'startup', '--outfile', outfile], {
    env,
    cwd: dirname(config),
  });
  const sampled = /Sampled time:\s*([\d.]+)\s*ms/.exec(stdout)?.[1];
  const active = /Active:\s*([\d.]+)\s*ms/.exec(stdout)?.[1];
  if (!sampled || !active) throw new Error(`wrangler check startup printed no times:\n${stdout}`);
  return { sampled: Number(sampled), active: Number(active) };
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
  const app: { sampled: number; active: number }[] = [];
  const floor: { sampled: number; active: number }[] = [];
  for (let i = 0; i < runs; i++) {
    app.push(await startupOnce(configs.app));
    floor.push(await startupOnce(configs.floor));
  }
  const sampled = (xs: typeof app) => xs.map((x) => x.sampled);
  const active = (xs: typeof app) => xs.map((x) => x.active);
  return {
    appMs: median(sampled(app)),
    floorMs: median(sampled(floor)),
    appMinMs: Math.min(...sampled(app)),
    floorMinMs: Math.min(...sampled(floor)),
    appActiveMs: median(active(app)),
    floorActiveMs: median(active(floor)),
    appRuns: sampled(app),
    floorRuns: sampled(floor),
    appActiveRuns: active(app),
    floorActiveRuns: active(floor),
  };
}
