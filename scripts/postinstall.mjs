// What `npm install` runs after installing: the Swagger UI assets, the Stream SDK module and,
// where the Node running npm is too old, Node 22 for npm scripts. Each step is a process of its
// own (a step with nothing to do exits early). One script rather than a chain in package.json,
// so that `npm run postinstall -- --help` reaches it.
import { execFileSync } from 'node:child_process';
import { answerHelp } from './usage.mjs';

answerHelp(`
Usage: npm run postinstall  (run by npm install)

Runs scripts/vendor-assets.mjs, scripts/vendor-stream-sdk.mjs and scripts/node-runtime.mjs in
turn; each answers --help with what it does.
`);

for (const script of ['vendor-assets.mjs', 'vendor-stream-sdk.mjs', 'node-runtime.mjs'])
  execFileSync(process.execPath, [`scripts/${script}`], { stdio: 'inherit' });
