/**
 * One launcher per data directory (local/data-dir-lock.ts): a live holder refuses the next one,
 * naming itself; a lock left by a process that is gone, or whose pid now runs something else,
 * is taken over; release removes only our own lock. (test/node/dev-second-copy.test.ts shows
 * the refusal from the real launcher.)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LOCK_FILE, type LockHolder, lockDataDir } from '../../local/data-dir-lock';

const dirs: string[] = [];
const scratch = () => {
  const dir = mkdtempSync(join(tmpdir(), 'data-dir-lock-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const writeHolder = (dir: string, holder: LockHolder) =>
  writeFileSync(join(dir, LOCK_FILE), JSON.stringify(holder));

describe('data directory lock', () => {
  it('refuses a second taker while the first holds it, naming the holder', () => {
    const dir = scratch();
    const first = lockDataDir(dir, 'API on http://127.0.0.1:8787');
    expect(first.ok).toBe(true);
    const second = lockDataDir(dir, 'API on http://127.0.0.1:8790');
    expect(second).toEqual({
      ok: false,
      holder: expect.objectContaining({ pid: process.pid, what: 'API on http://127.0.0.1:8787' }),
    });
    if (first.ok) first.release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    expect(lockDataDir(dir, 'again').ok).toBe(true);
  });

  it('takes over a lock whose process is gone', () => {
    const dir = scratch();
    const gone = spawnSync(process.execPath, ['-e', '']).pid;
    writeHolder(dir, { pid: gone, what: 'API on http://127.0.0.1:8787' });
    const taken = lockDataDir(dir, 'API on http://127.0.0.1:8790');
    expect(taken.ok).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')).pid).toBe(process.pid);
  });

  it('takes over a lock whose pid now belongs to another process', () => {
    const dir = scratch();
    // A live pid (this one) with another start time: the pid was reused.
    writeHolder(dir, { pid: process.pid, started: 'Thu Jan  1 00:00:00 1970', what: 'old' });
    expect(lockDataDir(dir, 'new').ok).toBe(true);
  });

  it('takes over an unreadable lock', () => {
    const dir = scratch();
    writeFileSync(join(dir, LOCK_FILE), '{"pid":');
    expect(lockDataDir(dir, 'new').ok).toBe(true);
  });

  it("release leaves another launcher's lock alone", () => {
    const dir = scratch();
    const mine = lockDataDir(dir, 'mine');
    if (!mine.ok) throw new Error('expected the lock');
    const other: LockHolder = { pid: process.ppid, what: 'other' };
    writeHolder(dir, other);
    mine.release();
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8'))).toEqual(other);
  });
});
