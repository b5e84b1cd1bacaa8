/**
 * Serves the reference web client (examples/web) for `npm run dev` and the browser test: builds
 * it with esbuild into `outdir` (and, with `watch`, again on every edit), and serves that
 * directory with a `config.json` made from the running API's settings, and `index.html` for
 * the app's own paths (the mails' links: /verify-email, /reset-password, /invitations, …).
 */
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { type BuildContext, build, context } from 'esbuild';
import { copyPage, webBuildOptions } from '../examples/web/build.ts';

export interface WebClientConfig {
  apiUrl: string;
  streamBaseUrl?: string;
}

export interface WebClientOptions {
  /** 0 = a free port (tests); the dev launcher uses APP_URL's port (5173). */
  port: number;
  host?: string;
  /** Where the build goes. */
  outdir: string;
  /** Served as /config.json (asked at each request: a test learns the API's port later). */
  config: () => WebClientConfig;
  /** Rebuild on every edit of examples/web/src (npm run dev). */
  watch?: boolean;
}

export interface WebClient {
  url: string;
  port: number;
  /** The first build: the server answers as soon as it listens, and its requests wait for this. */
  built: Promise<void>;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

export async function startWebClient(options: WebClientOptions): Promise<WebClient> {
  const { outdir } = options;
  let watcher: BuildContext | undefined;
  const built = (async () => {
    if (options.watch) {
      watcher = await context(webBuildOptions(outdir));
      await watcher.rebuild();
      await watcher.watch();
    } else {
      await build(webBuildOptions(outdir));
    }
    copyPage(outdir);
  })();
  // The caller awaits it for the failure; requests wait for it, and get a 503 after a failure.
  built.catch(() => {});

  const server = createServer(async (req, res) => {
    if (!(await built.then(() => true).catch(() => false))) return res.writeHead(503).end();
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/config.json') {
      res.writeHead(200, { 'content-type': TYPES['.json'], 'cache-control': 'no-store' });
      return res.end(JSON.stringify(options.config()));
    }
    // A file of the build, else the page (the app reads its path itself).
    const file = extname(path) ? normalize(join(outdir, path)) : join(outdir, 'index.html');
    if (!file.startsWith(normalize(outdir))) return res.writeHead(404).end();
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host}:${port}`,
    port,
    built,
    async close() {
      await built.catch(() => {});
      await watcher?.dispose();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
