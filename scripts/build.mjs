// `npm run build`, which wrangler runs before every deploy and, under `wrangler dev`, whenever
// src/ changes (wrangler.toml [build]): the Stream SDK module, then the OpenAPI document. One
// script rather than a chain in package.json, so that `npm run build -- --help` reaches it.
import { execFileSync } from 'node:child_process';
import { answerHelp } from './usage.mjs';

answerHelp(`
Usage: npm run build

Writes src/vendor/stream-chat.mjs (scripts/vendor-stream-sdk.mjs) and public/openapi.json
(scripts/openapi.ts), each only when it changes. wrangler dev and deploy run it first.
`);

const run = (...args) => execFileSync(process.execPath, args, { stdio: 'inherit' });
run('scripts/vendor-stream-sdk.mjs');
run('--import', 'tsx', 'scripts/openapi.ts');
