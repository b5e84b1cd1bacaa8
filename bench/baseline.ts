/**
 * The baseline: another commit's Worker, built from that commit's own tree with its own
 * dependencies, then measured beside the working tree's in the same run (never against figures
 * from another run).
 *
 * The commit's tree is exported (`git archive`) to a scratch directory inside
 * node_modules/.cache/bench, so nothing is registered in the repository and an interrupted run
 * leaves nothing behind in it. Dependencies: when its package-lock.json is this checkout's, it
 * borrows this checkout's node_modules (a symlink) and runs none of its install scripts (they may
 * manage the node_modules they run in, such as the Node 22 link); the Worker's own `[build]` step
 * makes what the Worker needs. If that build fails, or the lockfiles differ, `npm ci` there.
 * Once built, the tree is kept, without node_modules, under the commit's id: a
 * commit's build never changes, so the next run with the same baseline skips the build (the
 * measurements are always taken afresh).
 */
import { execFile, spawn } from 'node:child_process';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { type Bundle, buildBundle, bundleIn } from './build.ts';

const run = promisify(execFile);
const git = async (...args: string[]) => (await run('git', args)).stdout.trim();
const gitOk = (...args: string[]) =>
  git(...args).then(
    (out) => out,
    () => undefined,
  );

export interface BaselineChoice {
  commit: string;
  /** How it was chosen, for the report. */
  why: string;
}

/**
 * `spec` as a commit; without one, the commit the current work started from: the merge-base
 * with main when HEAD is ahead of main, and on main itself HEAD when the tree has uncommitted
 * changes (they are the work), else HEAD's first parent (main before its last commit or merge).
 */
export async function chooseBaseline(spec: string | undefined): Promise<BaselineChoice> {
  if (spec !== undefined) {
    const commit = await gitOk('rev-parse', '--verify', '--quiet', `${spec}^{commit}`);
    if (!commit) throw new Error(`--baseline ${spec}: not a commit of this repository`);
    return { commit, why: `--baseline ${spec}` };
  }
  const head = await git('rev-parse', 'HEAD');
  const main = (await gitOk('rev-parse', '--verify', '--quiet', 'main'))
    ? 'main'
    : (await gitOk('rev-parse', '--verify', '--quiet', 'origin/main'))
      ? 'origin/main'
      : undefined;
  const base = main && (await gitOk('merge-base', 'HEAD', main));
  if (base && base !== head) return { commit: base, why: `merge-base of HEAD with ${main}` };
  if ((await git('status', '--porcelain', '--untracked-files=no')) !== '') {
    return { commit: head, why: 'HEAD (the working tree has uncommitted changes)' };
  }
  const parent = await gitOk('rev-parse', '--verify', '--quiet', 'HEAD~1^{commit}');
  if (!parent) throw new Error('no default baseline (a single commit): pass --baseline or none');
  return { commit: parent, why: 'HEAD~1 (HEAD is on main and the tree is clean)' };
}

export interface Baseline {
  commit: string;
  subject: string;
  /** The commit's tree (no node_modules), with its wrangler config, migrations and env example. */
  root: string;
  bundle: Bundle;
  fromCache: boolean;
}

/** Runs `command` in `cwd` with its output on our stderr (stdout stays ours: --json). */
function loud(command: string, args: string[], cwd: string): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 2, 2] });
    child.on('error', fail);
    child.on('exit', (code) =>
      code === 0 ? done() : fail(new Error(`${command} ${args.join(' ')} in ${cwd}: exit ${code}`)),
    );
  });
}

export async function prepareBaseline(
  commit: string,
  say: (line: string) => void,
): Promise<Baseline> {
  const here = process.cwd();
  const cache = resolve(here, 'node_modules/.cache/bench');
  const root = join(cache, commit);
  const subject = await git('log', '-1', '--format=%h %s', commit);
  const done = join(root, '.bench-built');
  const built = (fromCache: boolean): Baseline => ({
    commit,
    subject,
    root,
    bundle: bundleIn(join(root, 'wrangler.toml'), join(root, '.bench-build')),
    fromCache,
  });
  if (existsSync(done)) return built(true);
  const scratch = join(cache, `.partial-${commit}-${process.pid}`);
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
  try {
    say(`  exporting ${commit.slice(0, 12)} …`);
    await run('sh', [
      '-c',
      'git archive --format=tar "$1" | tar -x -C "$2"',
      'sh',
      commit,
      scratch,
    ]);
    const sameLock =
      readFileSync(join(scratch, 'package-lock.json'), 'utf8') ===
      readFileSync(join(here, 'package-lock.json'), 'utf8');
    const build = () => buildBundle(scratch, 'wrangler.toml', join(scratch, '.bench-build'));
    const install = async () => {
      dropNodeModules(scratch);
      await loud('npm', ['ci', '--no-audit', '--no-fund'], scratch);
    };
    if (sameLock) {
      say('  same package-lock.json: building its Worker with this checkout’s node_modules …');
      symlinkSync(join(here, 'node_modules'), join(scratch, 'node_modules'), 'dir');
      await build().catch(async (error: Error) => {
        say(`  that build failed (${error.message.split('\n')[0]}): npm ci there …`);
        await install();
        await build();
      });
    } else {
      say('  its package-lock.json differs: npm ci there, then building its Worker …');
      await install();
      await build();
    }
    dropNodeModules(scratch);
    rmSync(join(scratch, '.wrangler'), { recursive: true, force: true });
    rmSync(root, { recursive: true, force: true });
    renameSync(scratch, root);
    // The tree and its build are complete: later runs may use them.
    writeFileSync(done, `${commit}\n`);
  } catch (error) {
    dropNodeModules(scratch);
    rmSync(scratch, { recursive: true, force: true });
    throw error;
  }
  return built(false);
}

/** Removes `dir`/node_modules: the link alone when it is borrowed, never what it points to. */
function dropNodeModules(dir: string) {
  const path = join(dir, 'node_modules');
  let isLink: boolean;
  try {
    isLink = lstatSync(path).isSymbolicLink();
  } catch {
    return;
  }
  if (isLink) unlinkSync(path);
  else rmSync(path, { recursive: true, force: true });
}
