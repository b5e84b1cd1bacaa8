/**
 * Runs the Worker under `wrangler dev` (workerd, as `npm run dev` does) on a given port with
 * extra bindings, and waits until it answers. Used by the dev launcher, the browser test and
 * the benchmark.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';

export interface WranglerDev {
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

export interface WranglerDevOptions {
  port: number;
  /** Passed as --env-file (wrangler reads .dev.vars by itself when this is omitted). */
  envFile?: string;
  /** Extra bindings, on top of the env file (wrangler --var). */
  vars?: Record<string, string>;
  /** 'inherit' shows wrangler's output (dev); 'ignore' keeps tests quiet. */
  output?: 'inherit' | 'ignore';
}

export function startWranglerDev(options: WranglerDevOptions): WranglerDev {
  const args = ['wrangler', 'dev', '--ip', '127.0.0.1', '--port', String(options.port)];
  if (options.envFile) args.push('--env-file', options.envFile);
  for (const [key, value] of Object.entries(options.vars ?? {}))
    args.push('--var', `${key}:${value}`);
  args.push('--show-interactive-dev-session=false');
  const child = spawn('npx', args, {
    stdio: ['ignore', options.output ?? 'ignore', options.output ?? 'ignore'],
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
    // Own process group, so stop() reaches workerd too.
    detached: true,
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    url: `http://127.0.0.1:${options.port}`,
    process: child,
    async stop() {
      if (child.exitCode === null && child.pid) {
        try {
          process.kill(-child.pid, 'SIGINT');
        } catch {
          // already gone
        }
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
        if (child.exitCode === null) process.kill(-child.pid, 'SIGKILL');
      }
    },
  };
}

/** Polls until the Worker answers /health with any status (it is up even if a dependency isn't). */
export async function waitForWorker(url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      await fetch(`${url}/health`, { signal: AbortSignal.timeout(2000) });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 300));
    }
  }
  throw new Error(`wrangler dev did not answer at ${url} within ${timeoutMs} ms`);
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
