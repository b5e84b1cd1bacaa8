/**
 * The README's second-copy recipe, run as written (`npm run dev -- --ports BASE`) with a free
 * BASE instead of the README's, and with `--env-file .dev.vars.example` so that a developer's own
 * .dev.vars (real Neon, say) is never used by a test:
 *  - the README's BASE stays clear of the first copy's ports;
 *  - the API, the Neon stand-in, the Stream emulator, the mail stand-in and the web client
 *    answer on BASE to BASE+4, and the state is in .data-BASE, with nothing written by hand;
 *  - the same command again is refused at once, naming the running copy: two launchers on one
 *    data directory would share one database and one set of Stream files.
 * (test/node/data-dir-lock.test.ts: a stale lock does not block.)
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCK_FILE } from '../../local/data-dir-lock';
import { parseDevOptions, portsFromBase } from '../../local/dev-options';
import { freePort } from '../../local/wrangler-dev';
import { devEnv } from '../dev-env';

/** The recipe's options, from the README's `sh` blocks. */
function readmeRecipe(): string[] {
  const readme = readFileSync('README.md', 'utf8');
  for (const [, block] of readme.matchAll(/^```sh\n([\s\S]*?)^```$/gm)) {
    const line = /^npm run dev -- (--ports [^#\n]*)/m.exec(block ?? '');
    if (line?.[1]) return line[1].trim().split(/\s+/);
  }
  throw new Error('README.md has no `npm run dev -- --ports …` line in an sh block');
}

const portFree = (port: number) =>
  new Promise<boolean>((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });

/** A base whose five ports are free now. */
async function freeBase(): Promise<number> {
  for (;;) {
    const base = await freePort();
    if (
      base + 4 <= 65535 &&
      (await portFree(base + 1)) &&
      (await portFree(base + 2)) &&
      (await portFree(base + 3)) &&
      (await portFree(base + 4))
    )
      return base;
  }
}

const recipe = readmeRecipe();
const withBase = (base: number) => [
  ...recipe.map((arg, i) => (recipe[i - 1] === '--ports' ? String(base) : arg)),
  '--env-file',
  '.dev.vars.example',
];

describe("the README's second copy, run as written", () => {
  let base = 0;
  let child: ChildProcess | undefined;
  let output = '';
  let exited: Promise<unknown> = Promise.resolve();

  beforeAll(async () => {
    // A port found free can be taken before the launcher binds it: then it says so; try again.
    for (let attempt = 1; ; attempt++) {
      base = await freeBase();
      output = '';
      const started = spawn('npm', ['run', 'dev', '--', ...withBase(base)], {
        env: devEnv(),
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
      });
      child = started;
      exited = new Promise((resolve) => started.once('exit', resolve));
      started.stdout?.on('data', (chunk: Buffer) => (output += chunk));
      started.stderr?.on('data', (chunk: Buffer) => (output += chunk));
      const deadline = Date.now() + 90_000;
      while (Date.now() < deadline && started.exitCode === null) {
        // Its own ready line first: another test's server may answer on a port it lost.
        if (output.includes('• API (wrangler dev)')) {
          const res = await fetch(`http://127.0.0.1:${base}/health`).catch(() => undefined);
          await res?.body?.cancel();
          if (res?.status === 200 && started.exitCode === null) return;
        }
        await new Promise((r) => setTimeout(r, 250));
      }
      if (started.exitCode === null || attempt === 3 || !/is in use/.test(output))
        throw new Error(`npm run dev -- ${withBase(base).join(' ')} did not start:\n${output}`);
    }
  }, 300_000);

  afterAll(async () => {
    if (child?.pid && child.exitCode === null && child.signalCode === null) {
      process.kill(-child.pid, 'SIGTERM');
      await exited;
    }
    if (base) rmSync(`.data-${base}`, { recursive: true, force: true });
  });

  it("the README's ports stay clear of the first copy's", () => {
    const { ports } = parseDevOptions(recipe);
    expect(ports).toBeDefined();
    const second = Object.values(portsFromBase(ports ?? 0));
    // The first copy: API 8787, Neon stand-in 4444, Stream emulator 3030 and its WebSocket 8800,
    // mail stand-in 8025, web client 5173.
    for (const port of [8787, 4444, 3030, 8800, 8025, 5173]) expect(second).not.toContain(port);
  });

  it('serves the API, the Neon stand-in, the Stream emulator, the mail stand-in and the web client on BASE to BASE+4', async () => {
    const ports = portsFromBase(base);
    // The web client, configured for this copy's API and Stream emulator; the API allows its origin.
    expect(output).toContain(`• web client (examples/web)     http://localhost:${ports.web}`);
    const config = await (await fetch(`http://127.0.0.1:${ports.web}/config.json`)).json();
    expect(config).toEqual({
      apiUrl: `http://127.0.0.1:${ports.api}`,
      streamBaseUrl: `http://127.0.0.1:${ports.stream}`,
    });
    const preflight = await fetch(`http://127.0.0.1:${ports.api}/auth/login`, {
      method: 'OPTIONS',
      headers: {
        origin: `http://localhost:${ports.web}`,
        'access-control-request-method': 'POST',
      },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBe(
      `http://localhost:${ports.web}`,
    );
    const health = await fetch(`http://127.0.0.1:${ports.api}/health`);
    expect(await health.json()).toMatchObject({ database: { ok: true }, stream: { ok: true } });
    for (const port of [ports.neon, ports.stream, ports.mail]) {
      const res = await fetch(`http://127.0.0.1:${port}/__control/health`);
      expect(res.status, `port ${port}`).toBe(200);
      await res.body?.cancel();
    }
  });

  it('keeps its state in .data-BASE, locked by this launcher', () => {
    expect(existsSync(`.data-${base}/pglite`)).toBe(true);
    expect(existsSync(`.data-${base}/stream`)).toBe(true);
    expect(existsSync(`.data-${base}/mail`)).toBe(true);
    const lock = JSON.parse(readFileSync(join(`.data-${base}`, LOCK_FILE), 'utf8'));
    expect(lock.what).toBe(`API on http://127.0.0.1:${base}`);
  });

  it('refuses the same command again, naming the running copy', () => {
    const { pid } = JSON.parse(readFileSync(join(`.data-${base}`, LOCK_FILE), 'utf8'));
    const again = spawnSync('npm', ['run', 'dev', '--', ...withBase(base)], {
      env: devEnv(),
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(again.status).toBe(1);
    expect(again.stderr).toContain(
      `.data-${base} is in use by another npm run dev (pid ${pid}, API on http://127.0.0.1:${base})`,
    );
    // Refused before it started anything: the first copy still answers.
    expect(child?.exitCode).toBeNull();
  }, 60_000);
});
