/**
 * What the dev launcher shows of `wrangler dev`'s output (local/wrangler-output.ts), on lines
 * recorded from wrangler 4 (tables shortened): its start-up report goes, its Ready line becomes
 * the launcher's, and request lines, reloads, warnings and errors pass unchanged.
 */
import { describe, expect, it } from 'vitest';
import { type FilterState, wranglerOutputFilter } from '../../local/wrangler-output';

const ESC = '\u001b';
const bindings = [
  'Your Worker has access to the following bindings:',
  'Binding                                                         Resource                  Mode',
  'env.STREAM_REPAIRS (edge-chat-stream-repairs)                   Queue                     local',
  'env.ASSETS                                                      Assets                    local',
  'env.CORS_ORIGINS ("(hidden)")                                   Environment Variable      local',
  '',
];
const error = `${ESC}[31m✘ ${ESC}[41;31m[${ESC}[41;97mERROR${ESC}[41;31m]${ESC}[0m ${ESC}[1mError inside ProxyWorker (the affected request failed; the dev server continues): POST http://127.0.0.1:36865/auth/login (failed after 1 attempt): Network connection lost.${ESC}[0m`;

const stdout = [
  '[custom build] Running: npm run -s build',
  'Using secrets defined in ../../../tmp/dl/dev.vars',
  ...bindings,
  'Attaching additional modules:',
  '┌────────────────────────┬──────┬────────────┐',
  '│ Name                   │ Type │ Size       │',
  '├────────────────────────┼──────┼────────────┤',
  '│ vendor/stream-chat.mjs │ esm  │ 320.63 KiB │',
  '└────────────────────────┴──────┴────────────┘',
  '⎔ Starting local server...',
  '[wrangler:info] ✨ Parsed 2 valid header rules.',
  '⎔ Connection status updated',
  ...bindings,
  '[wrangler:info] Ready on http://127.0.0.1:36865',
  '[wrangler:info] POST /auth/login 413 Payload Too Large (10ms)',
  '{"level":"error","code":"database_unavailable","request_id":"abc"}',
  '⎔ Reloading local server...',
  ...bindings,
  '⎔ Local server updated and ready',
];
const stderr = [
  `${ESC}[33m▲ ${ESC}[43;33m[${ESC}[43;30mWARNING${ESC}[43;33m]${ESC}[0m ${ESC}[1mScheduled Workers are not automatically triggered during local development.${ESC}[0m`,
  '',
  '  To manually trigger a scheduled event, run:',
  '    curl "http://127.0.0.1:36865/cdn-cgi/local/scheduled"',
  `  For more details, see ${ESC}[4mhttps://developers.cloudflare.com/workers/configuration/cron-triggers/#test-cron-triggers-locally${ESC}[0m`,
  '',
  '',
  error,
  '',
  '',
  `${ESC}[33m▲ ${ESC}[43;33m[${ESC}[43;30mWARNING${ESC}[43;33m]${ESC}[0m ${ESC}[1mSomething wrangler warns about.${ESC}[0m`,
];

function run(lines: string[], filter: (line: string) => string | undefined) {
  return lines.map(filter).filter((line) => line !== undefined);
}

describe("the dev launcher's view of wrangler dev", () => {
  it('keeps the launcher line for Ready, then requests, Worker logs, reloads', () => {
    const state: FilterState = { ready: false };
    const shown = run(
      stdout,
      wranglerOutputFilter(state, (url) => `• API ${url}`),
    );
    expect(shown).toEqual([
      '• API http://127.0.0.1:36865',
      '[wrangler:info] POST /auth/login 413 Payload Too Large (10ms)',
      '{"level":"error","code":"database_unavailable","request_id":"abc"}',
      '⎔ Reloading local server...',
      '⎔ Local server updated and ready',
    ]);
  });

  it('drops the cron hint and keeps errors and other warnings as wrangler wrote them', () => {
    const state: FilterState = { ready: true };
    const shown = run(
      stderr,
      wranglerOutputFilter(state, () => 'unused'),
    );
    expect(shown).toEqual([error, '', '', stderr.at(-1)]);
  });

  it('shows an error before Ready too', () => {
    const state: FilterState = { ready: false };
    const shown = run(
      ['[custom build] Running: npm run -s build', '', error, '', 'X [ERROR] Build failed'],
      wranglerOutputFilter(state, () => 'unused'),
    );
    expect(shown).toEqual([error, 'X [ERROR] Build failed']);
  });
});
