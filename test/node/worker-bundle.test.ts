/**
 * The shape of the production bundle (`wrangler deploy --dry-run`, as deployed): what an isolate
 * runs at startup and what it loads on first use (docs/performance.md). Sizes and startup time
 * are the benchmark's business (`npm run bench`); this only guards the structure, so a static
 * import of the SDK or of the document generator cannot slip back into the script unnoticed.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let outdir: string;
let script: string;

beforeAll(() => {
  outdir = mkdtempSync(join(tmpdir(), 'worker-bundle-'));
  execFileSync('npx', ['wrangler', 'deploy', '--dry-run', '--outdir', outdir], {
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
    stdio: 'pipe',
  });
  script = readFileSync(join(outdir, 'index.js'), 'utf8');
}, 120_000);

afterAll(() => rmSync(outdir, { recursive: true, force: true }));

// ASCII string literals (they survive minification; names and non-ASCII text do not): stream-chat's user agent, an error
// of zod-to-openapi, a message of zod's German locale, an error of linkifyjs.
const STREAM_SDK = 'stream-chat-js-v';
const OPENAPI_GENERATOR = 'Unknown zod object type';
const ZOD_LOCALE = 'E-Mail-Adresse';
const LINKIFY = 'linkifyjs: Invalid link type';

describe('Worker bundle', () => {
  it('ships the Stream SDK as its own module, imported on first use', () => {
    const sdk = join(outdir, 'vendor/stream-chat.mjs');
    expect(existsSync(sdk)).toBe(true);
    expect(readFileSync(sdk, 'utf8')).toContain(STREAM_SDK);
    expect(script).toContain('import("./vendor/stream-chat.mjs")');
    expect(script).not.toContain(STREAM_SDK);
  });

  it('carries no OpenAPI document generator (the document is a static asset)', () => {
    expect(script).not.toContain(OPENAPI_GENERATOR);
  });

  it("leaves out what a server never runs: zod's locales and the SDK's link finder", () => {
    expect(script).not.toContain(ZOD_LOCALE);
    expect(readFileSync(join(outdir, 'vendor/stream-chat.mjs'), 'utf8')).not.toContain(LINKIFY);
  });
});
