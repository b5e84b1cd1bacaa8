// First thing every npm command runs (dev, test, bench): a Node too old for wrangler/miniflare
// (or Windows without WSL) is named on the first line, instead of surfacing later as a timeout,
// a stack trace or a shell error.
// The required version is package.json's "engines", the single place it is written down.
import { readFileSync } from 'node:fs';
import { answerHelp } from './usage.mjs';

answerHelp(`
Usage: node scripts/require-node.mjs  (run first by npm run dev, test and bench)

Exits with a message naming what to install when this Node is older than package.json's
"engines" or the platform is Windows without WSL.
`);

if (process.platform === 'win32') {
  // The npm scripts use POSIX sh (`exec`) and the dev launcher POSIX process groups.
  console.error(
    '✘ Windows is not supported natively: run this project inside WSL (Ubuntu or Debian).',
  );
  process.exit(1);
}

const { engines } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const required = Number(/>=\s*(\d+)/.exec(engines.node)?.[1]);
const actual = Number(process.versions.node.split('.')[0]);
if (actual < required) {
  console.error(
    `✘ Node ${process.versions.node} is too old: this project needs Node ${required} or newer (wrangler and miniflare refuse older ones).\n` +
      `  It is the node first on PATH (${process.execPath}). Install Node ${required}+ (e.g. nvm install ${required});\n` +
      '  on Linux x64, npm install provides it for npm scripts (see "Node" in CONTRIBUTING.md).',
  );
  process.exit(1);
}
