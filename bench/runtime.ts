/**
 * Both Workers in one workerd (Miniflare, the runtime under `wrangler dev`), each from its
 * production bundle and on its own direct socket: requests reach the Worker without wrangler
 * dev's proxy in front, so latencies are the Worker's own. `restart()` reloads the runtime, so
 * the next request meets a cold isolate.
 */

import { dirname, join } from 'node:path';
import { convertV4MiniflareOptions, Miniflare, type V4WorkerOptions } from 'miniflare';
import { unstable_getMiniflareWorkerOptions } from 'wrangler';

export interface Runtime {
  appUrl: string;
  floorUrl: string;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

interface Built {
  config: string;
  script: string;
  /** Modules next to the script that it imports on first use (paths relative to it). */
  lazyModules: string[];
}

function workerFrom(
  name: string,
  { config, script, lazyModules }: Built,
  bindings: Record<string, string>,
  port: number,
): V4WorkerOptions {
  // wrangler's type for these options leaves the fields `unknown`; they are Miniflare's own.
  const workerOptions = unstable_getMiniflareWorkerOptions(config).workerOptions as V4WorkerOptions;
  return {
    compatibilityDate: workerOptions.compatibilityDate,
    compatibilityFlags: workerOptions.compatibilityFlags,
    bindings: { ...workerOptions.bindings, ...bindings },
    // The app's abuse limits, as wrangler dev runs them (the benchmark spreads its calls).
    ratelimits: workerOptions.ratelimits,
    name,
    // Listed, not discovered: Miniflare follows static imports only, and the app loads its
    // Stream SDK module with a dynamic one (src/load-stream-sdk.ts).
    modules: [script, ...lazyModules.map((m) => join(dirname(script), m))].map((path) => ({
      type: 'ESModule' as const,
      path,
    })),
    // The bundle lives in a temporary directory: name modules relative to it.
    modulesRoot: dirname(script),
    unsafeDirectSockets: [{ host: '127.0.0.1', port, proxy: false }],
  };
}

export async function startRuntime(options: {
  app: Built;
  floor: Built;
  bindings: Record<string, string>;
  ports: { app: number; floor: number };
}): Promise<Runtime> {
  // wrangler produces Miniflare's flat (v4) worker options; Miniflare 5 converts them itself.
  const settings = convertV4MiniflareOptions({
    // The Workers' own logs are diagnostics: stderr, so stdout stays the table (or the JSON).
    handleStructuredLogs: (log) => process.stderr.write(`${log.message}\n`),
    workers: [
      workerFrom('app', options.app, options.bindings, options.ports.app),
      workerFrom('floor', options.floor, options.bindings, options.ports.floor),
    ],
  });
  let mf = new Miniflare(settings);
  await mf.ready;
  return {
    appUrl: `http://127.0.0.1:${options.ports.app}`,
    floorUrl: `http://127.0.0.1:${options.ports.floor}`,
    async restart() {
      await mf.dispose();
      mf = new Miniflare(settings);
      await mf.ready;
    },
    stop: () => mf.dispose(),
  };
}
