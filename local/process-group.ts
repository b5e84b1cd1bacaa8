/**
 * Children that end with their parent. `wrangler dev` runs in its own process group (it starts
 * workerd and esbuild, which must end with it), so one signal to the group reaches all of them.
 * A group of its own does not get the terminal's signals, so the parent ends it:
 *  - on a normal stop: SIGINT to the group (wrangler shuts workerd down), SIGKILL after a grace;
 *  - on process exit (a crash, process.exit): SIGKILL to the group, synchronously;
 *  - when the parent is killed outright (SIGKILL, OOM): a watchdog (./reaper.mjs) notices its
 *    pipe from the parent closing and ends the group.
 * Process groups are POSIX: on Windows this refuses with a clear message (use WSL).
 */
import { type ChildProcess, type SpawnOptions, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const reaperScript = fileURLToPath(new URL('./reaper.mjs', import.meta.url));
const groups = new Set<number>();

export class UnsupportedPlatformError extends Error {}

export function assertPosix(): void {
  if (process.platform === 'win32') {
    throw new UnsupportedPlatformError(
      'Windows is not supported natively (the launcher relies on POSIX process groups): run it inside WSL.',
    );
  }
}

function killGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // already gone
  }
}

let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // 'exit' handlers must be synchronous: no grace period here, just make sure nothing outlives us.
  process.on('exit', () => {
    for (const pgid of groups) killGroup(pgid, 'SIGKILL');
  });
}

export interface GroupChild {
  process: ChildProcess;
  /** Resolves when the group leader has exited. */
  exited: Promise<void>;
  /** SIGINT to the whole group; SIGKILL to what is left after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

export function spawnGroup(command: string, args: string[], options: SpawnOptions): GroupChild {
  assertPosix();
  installExitHook();
  const child = spawn(command, args, { ...options, detached: true });
  const pgid = child.pid;
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  if (pgid !== undefined) {
    groups.add(pgid);
    const reaper = spawn(process.execPath, [reaperScript, String(pgid)], {
      stdio: ['pipe', 'ignore', 'ignore'],
      detached: true,
    });
    // Neither the watchdog nor its pipe may keep this process alive.
    reaper.unref();
    (reaper.stdin as unknown as { unref(): void } | null)?.unref();
  }
  return {
    process: child,
    exited,
    async stop(graceMs = 5000) {
      if (pgid === undefined) return;
      killGroup(pgid, 'SIGINT');
      await Promise.race([exited, new Promise((r) => setTimeout(r, graceMs))]);
      // The leader may be gone while workerd still winds down: end whatever is left.
      killGroup(pgid, 'SIGKILL');
      groups.delete(pgid);
    },
  };
}
