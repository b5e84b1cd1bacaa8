/**
 * One launcher per data directory. Two copies of `npm run dev` on one directory would open the
 * same PGlite database and Stream emulator files and corrupt both, so the launcher takes
 * `<dir>/launcher.lock` first and a second one is refused, naming the first.
 *
 * The lock records the holder's pid and its start time (`ps -o lstart`): a lock whose process
 * is gone (killed, crashed) or whose pid now belongs to another process is stale and taken
 * over, so a dead launcher never blocks the next one. Without `ps`, a live pid is enough.
 */
import { execFileSync } from 'node:child_process';
import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const LOCK_FILE = 'launcher.lock';

export interface LockHolder {
  pid: number;
  /** The holder's start time as `ps` prints it; absent where `ps` is unavailable. */
  started?: string;
  /** What the holder serves, for the refusal message: "API http://127.0.0.1:8787". */
  what: string;
}

export type LockResult = { ok: true; release: () => void } | { ok: false; holder: LockHolder };

function startTime(pid: number): string | undefined {
  try {
    const out = execFileSync('ps', ['-o', 'lstart=', '-p', String(pid)], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    return out || undefined;
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether the process that wrote `holder` is still the one running under its pid. */
export function holderRunning(holder: LockHolder): boolean {
  if (!Number.isInteger(holder.pid) || holder.pid <= 0 || !alive(holder.pid)) return false;
  if (holder.started === undefined) return true;
  const now = startTime(holder.pid);
  return now === undefined || now === holder.started;
}

function readHolder(file: string): LockHolder | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as LockHolder;
  } catch {
    return undefined;
  }
}

/** Takes the lock on `dir` for this process, or says who holds it. */
export function lockDataDir(dir: string, what: string): LockResult {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, LOCK_FILE);
  const mine: LockHolder = { pid: process.pid, started: startTime(process.pid), what };
  // Written whole under a private name, then linked: the lock file never exists half-written.
  const draft = `${file}.${process.pid}`;
  writeFileSync(draft, `${JSON.stringify(mine)}\n`);
  try {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        linkSync(draft, file);
        const release = () => {
          if (readHolder(file)?.pid === process.pid) rmSync(file, { force: true });
        };
        return { ok: true, release };
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      const holder = readHolder(file);
      if (holder && holderRunning(holder)) return { ok: false, holder };
      rmSync(file, { force: true });
    }
    throw new Error(`could not take ${file}: another launcher keeps replacing it`);
  } finally {
    rmSync(draft, { force: true });
  }
}
