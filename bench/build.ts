/**
 * A Worker's production build (`wrangler deploy --dry-run`, as deployed: `[build]` run first,
 * minified, aliases applied) and its sizes: every module uploaded (the script and the modules it
 * loads on first use, which is what Cloudflare's size limit counts) and the script alone. The
 * build also writes wrangler's upload bundle (`--outfile`), whose startup startup.ts profiles as
 * `wrangler check startup` would, so every Worker is built once, by its own checkout's wrangler.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';

const run = promisify(execFile);

export interface Bundle {
  /** The wrangler config it was built from (absolute). */
  config: string;
  /** The built script and the modules next to it (`--outdir`). */
  script: string;
  /** Modules next to the script, loaded on first use (paths relative to the script). */
  lazyModules: string[];
  /** wrangler's upload bundle (`--outfile`): the modules and metadata Cloudflare receives. */
  uploadBundle: string;
  /** Every module uploaded. */
  rawKiB: number;
  gzipKiB: number;
  /** The script alone: what an isolate runs at startup (workerd compiles every module). */
  scriptRawKiB: number;
  scriptGzipKiB: number;
}

/** The JavaScript modules of a `wrangler deploy --outdir` (not source maps or its README). */
function modulesIn(outdir: string): string[] {
  return readdirSync(outdir, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.m?js$/.test(f))
    .sort((a, b) => (a === 'index.js' ? -1 : b === 'index.js' ? 1 : a.localeCompare(b)));
}

/** The wrangler of the checkout at `root` (each commit builds with the wrangler it pinned). */
export function wranglerOf(root: string): string {
  const bin = resolve(root, 'node_modules/.bin/wrangler');
  if (!existsSync(bin)) throw new Error(`no wrangler in ${root}/node_modules (npm ci there)`);
  return bin;
}

/** Builds the Worker of `config` (run from `root`, the checkout it belongs to) into `outdir`. */
export async function buildBundle(root: string, config: string, outdir: string): Promise<Bundle> {
  mkdirSync(outdir, { recursive: true });
  const modulesDir = join(outdir, 'modules');
  const uploadBundle = join(outdir, 'worker.bundle');
  try {
    await run(
      wranglerOf(root),
      ['deploy', '--dry-run', '-c', config, '--outdir', modulesDir, '--outfile', uploadBundle],
      { cwd: root, env: { ...process.env, WRANGLER_SEND_METRICS: 'false' } },
    );
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`building ${join(root, config)} failed:\n${stdout ?? ''}${stderr ?? ''}`);
  }
  return bundleIn(resolve(root, config), outdir);
}

/** The sizes of a build that `buildBundle` wrote to `outdir` (also a cached one). */
export function bundleIn(config: string, outdir: string): Bundle {
  const modulesDir = join(outdir, 'modules');
  const script = join(modulesDir, 'index.js');
  const modules = modulesIn(modulesDir);
  const all = Buffer.concat(modules.map((m) => readFileSync(join(modulesDir, m))));
  const bytes = readFileSync(script);
  const kib = (n: number) => Number((n / 1024).toFixed(1));
  return {
    config,
    script,
    lazyModules: modules.filter((m) => m !== 'index.js'),
    uploadBundle: join(outdir, 'worker.bundle'),
    rawKiB: kib(all.length),
    gzipKiB: kib(gzipSync(all, { level: 9 }).length),
    scriptRawKiB: kib(bytes.length),
    scriptGzipKiB: kib(gzipSync(bytes, { level: 9 }).length),
  };
}
