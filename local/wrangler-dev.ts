/**
 * Runs the Worker under `wrangler dev` (workerd, as `npm run dev` does) on a given port with
 * extra bindings, and waits until it answers. Used by the dev launcher, the browser test and
 * the benchmark.
 */
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { type GroupChild, spawnGroup } from './process-group.ts';

export interface WranglerDev {
  url: string;
  process: GroupChild['process'];
  /** wrangler's last output lines (when not inherited), to explain a failed start. */
  outputTail(): string;
  stop(): Promise<void>;
}

export interface WranglerDevOptions {
  port: number;
  /** Passed as --env-file (wrangler reads .dev.vars by itself when this is omitted). */
  envFile?: string;
  /** Where wrangler keeps local state (queues, rate limits); default .wrangler/state. */
  persistTo?: string;
  /** Extra bindings, on top of the env file (wrangler --var). */
  vars?: Record<string, string>;
  /** 'inherit' shows wrangler's output; by default it is piped, kept for error messages. */
  output?: 'inherit' | 'ignore';
  /** Extra environment variables for wrangler. */
  env?: Record<string, string>;
}

// wrangler's own launcher script (it checks the Node version and says so), run by this same
// `node`: no npx in between, and the version check applies to the Node we actually use.
const wranglerBin = join(
  dirname(createRequire(import.meta.url).resolve('wrangler')),
  '..',
  'bin',
  'wrangler.js',
);

const TAIL_LINES = 30;

export function startWranglerDev(options: WranglerDevOptions): WranglerDev {
  const args = [wranglerBin, 'dev', '--ip', '127.0.0.1', '--port', String(options.port)];
  if (options.envFile) args.push('--env-file', options.envFile);
  if (options.persistTo) args.push('--persist-to', options.persistTo);
  for (const [key, value] of Object.entries(options.vars ?? {}))
    args.push('--var', `${key}:${value}`);
  args.push('--show-interactive-dev-session=false');
  const inherit = options.output === 'inherit';
  const group = spawnGroup(process.execPath, args, {
    stdio: ['ignore', inherit ? 'inherit' : 'pipe', inherit ? 'inherit' : 'pipe'],
    env: {
      ...process.env,
      WRANGLER_SEND_METRICS: 'false',
      // Miniflare would fetch Request.cf from workers.cloudflare.com on every start (and print a
      // stack trace offline); its built-in placeholder is what local requests get anyway.
      CLOUDFLARE_CF_FETCH_ENABLED: 'false',
      ...options.env,
    },
  });
  const tail: string[] = [];
  for (const stream of [group.process.stdout, group.process.stderr]) {
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => {
      tail.push(...chunk.split('\n').filter((line) => line.trim()));
      tail.splice(0, Math.max(0, tail.length - TAIL_LINES));
    });
  }
  return {
    url: `http://127.0.0.1:${options.port}`,
    process: group.process,
    outputTail: () => tail.join('\n'),
    stop: () => group.stop(),
  };
}

/**
 * Polls until the Worker answers /health with any status (it is up even if a dependency isn't).
 * Given the WranglerDev itself, a wrangler that exits fails at once with its own message
 * (e.g. "Wrangler requires at least Node.js v22") instead of a timeout.
 */
export async function waitForWorker(
  target: string | WranglerDev,
  timeoutMs = 60_000,
): Promise<void> {
  const worker = typeof target === 'string' ? undefined : target;
  const url = typeof target === 'string' ? target : target.url;
  const explain = () => (worker?.outputTail() ? `; its output:\n${worker.outputTail()}` : '');
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const { exitCode, signalCode } = worker?.process ?? {};
    if (exitCode != null || signalCode != null) {
      throw new Error(
        `wrangler dev exited (${exitCode ?? signalCode}) before answering${explain()}`,
      );
    }
    try {
      const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2000) });
      await res.body?.cancel();
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 300));
    }
  }
  throw new Error(`wrangler dev did not answer at ${url} within ${timeoutMs} ms${explain()}`);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(),
      );
    });
  });
}
