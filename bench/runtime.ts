/**
 * The Workers under test in one workerd (Miniflare, the runtime under `wrangler dev`), each from
 * its production bundle, with its config's compatibility settings, bindings, rate limits and
 * static assets, on its own direct socket. A Worker with assets is reached through Miniflare's
 * asset router, as under `wrangler dev` and on Cloudflare (a request that matches no asset goes
 * on to the Worker); the floor has the app's assets too (floor-config.ts). No wrangler dev proxy
 * sits in front. `restart()` reloads the runtime, so the next request meets a cold isolate.
 */
import { dirname, join } from 'node:path';
import { convertV4MiniflareOptions, Miniflare, type V4WorkerOptions } from 'miniflare';
import { unstable_getMiniflareWorkerOptions } from 'wrangler';
import type { Bundle } from './build.ts';

export interface Subject {
  name: string;
  bundle: Bundle;
  /** The env file whose values the config's secrets come from (not the developer's .dev.vars). */
  envFile: string;
  /** Bindings set on top of the config's (the stand-ins' endpoints, the example settings). */
  bindings: Record<string, string>;
}

export interface Runtime {
  url(name: string): string;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

// wrangler reads .dev.vars next to the config unless given env files; its declaration omits
// the option its implementation takes.
const workerOptionsOf = unstable_getMiniflareWorkerOptions as (
  config: string,
  env?: string,
  options?: { envFiles?: string[] },
) => ReturnType<typeof unstable_getMiniflareWorkerOptions>;

type RateLimits = V4WorkerOptions['ratelimits'];

const unlimited = (limits: RateLimits): RateLimits =>
  limits &&
  Object.fromEntries(
    Object.entries(limits).map(([name, l]) => [
      name,
      { ...l, simple: { ...l.simple, limit: 1e9 } },
    ]),
  );

function workerFrom({ name, bundle, envFile, bindings }: Subject): V4WorkerOptions {
  // wrangler's type for these options leaves the fields `unknown`; they are Miniflare's own.
  const options = workerOptionsOf(bundle.config, undefined, { envFiles: [envFile] })
    .workerOptions as V4WorkerOptions;
  return {
    name,
    compatibilityDate: options.compatibilityDate,
    compatibilityFlags: options.compatibilityFlags,
    bindings: { ...options.bindings, ...bindings },
    // Every limiter the config declares runs on each request, as deployed, but with a limit no
    // run reaches: the bench measures what a request costs, not when a limit refuses it.
    ratelimits: unlimited(options.ratelimits),
    assets: options.assets,
    // Listed, not discovered: Miniflare follows static imports only, and the app loads its
    // Stream SDK module with a dynamic one (src/load-stream-sdk.ts).
    modules: [bundle.script, ...bundle.lazyModules.map((m) => join(dirname(bundle.script), m))].map(
      (path) => ({ type: 'ESModule' as const, path }),
    ),
    // The bundle lives in a scratch directory: name modules relative to it.
    modulesRoot: dirname(bundle.script),
    // Port 0: the system picks a free port (read back with unsafeGetDirectURL).
    unsafeDirectSockets: [{ host: '127.0.0.1', port: 0, proxy: false }],
  };
}

export async function startRuntime(subjects: Subject[]): Promise<Runtime> {
  // wrangler produces Miniflare's flat (v4) worker options; Miniflare 5 converts them itself.
  const settings = convertV4MiniflareOptions({
    // The Workers' own logs are diagnostics: stderr, so stdout stays the table (or the JSON).
    handleStructuredLogs: (log) => process.stderr.write(`${log.message}\n`),
    workers: subjects.map(workerFrom),
  });
  let mf: Miniflare;
  let urls = new Map<string, string>();
  const start = async () => {
    mf = new Miniflare(settings);
    await mf.ready;
    urls = new Map();
    for (const { name } of subjects) {
      urls.set(name, (await mf.unsafeGetDirectURL(name)).origin);
    }
  };
  await start();
  return {
    url(name) {
      const url = urls.get(name);
      if (!url) throw new Error(`no Worker named ${name} in the runtime`);
      return url;
    },
    async restart() {
      await mf.dispose();
      await start();
    },
    stop: () => mf.dispose(),
  };
}
