/**
 * Builds the reference web client into a static directory any static host serves:
 * `index.html`, `app.js`, `app.css` (the UI kit's styles and ours) and `config.json`.
 *
 *   npm run build:web                      # → examples/web/dist
 *   npm run build:web -- --out DIR         # elsewhere
 *
 * `config.json` is copied from examples/web/config.json when there is one (git-ignored: a
 * deployment's own settings), else from config.example.json (README.md, "Settings").
 * `npm run dev` builds it in watch mode and serves it with a config for the local API
 * (local/web-client.ts).
 */
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { BuildOptions } from 'esbuild';

export const WEB_DIR = dirname(fileURLToPath(import.meta.url));

/** esbuild's options for a build into `outdir` (index.html is copied by `copyPage`). */
export function webBuildOptions(outdir: string): BuildOptions {
  return {
    entryPoints: { app: join(WEB_DIR, 'src/main.tsx') },
    outdir,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    jsx: 'automatic',
    minify: true,
    sourcemap: true,
    // The kit's emoji fonts.
    loader: { '.woff2': 'file' },
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'warning',
  };
}

export function copyPage(outdir: string): void {
  mkdirSync(outdir, { recursive: true });
  copyFileSync(join(WEB_DIR, 'index.html'), join(outdir, 'index.html'));
}

const USAGE = `Usage: npm run build:web [-- --out DIR]

Builds the reference web client (examples/web) into DIR (default examples/web/dist): index.html,
app.js, app.css and config.json (examples/web/config.json, else config.example.json). Serve DIR
from any static host, with index.html for unknown paths (examples/web/README.md).`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { out: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) return console.log(USAGE);
  const outdir = values.out ?? join(WEB_DIR, 'dist');
  const { build } = await import('esbuild');
  await build(webBuildOptions(outdir));
  copyPage(outdir);
  const own = join(WEB_DIR, 'config.json');
  const config = existsSync(own) ? own : join(WEB_DIR, 'config.example.json');
  copyFileSync(config, join(outdir, 'config.json'));
  console.log(`built ${outdir} (config.json from ${config})`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
