import { readFileSync } from 'node:fs';
import { cloudflareTest } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';
import { parseEnvFile } from './local/env-file.ts';
import { RATE_LIMITS } from './src/http/rate-limit-table.ts';

// The worker under test gets the same settings a developer gets from .dev.vars.example,
// except the stand-in endpoints, which the global setup starts on free ports.
const localDefaults = parseEnvFile(readFileSync('.dev.vars.example', 'utf8'));

// The rate limits as deployed (wrangler.toml = RATE_LIMITS), except that every window is 10 s:
// the one test on Miniflare's own limiter (test/workers/rate-limits.test.ts) waits for the next
// window, at most 10 s, not a minute. The other rate-limit tests use a limiter without a clock.
const testRateLimits = Object.fromEntries(
  Object.entries(RATE_LIMITS).map(([name, { limit }], i) => [
    name,
    { namespace_id: String(9901 + i), simple: { limit, period: 10 as const } },
  ]),
);

// How long `expect.poll` retries: only a failing test waits this long, and a loaded machine can
// take seconds for what usually takes milliseconds.
const POLL = { timeout: 15_000, interval: 50 };

export default defineConfig({
  test: {
    // Vitest lists every test slower than this by name: under load most tests take more than its
    // default 300 ms, and speed is `npm run bench`'s to measure.
    slowTestThreshold: 10_000,
    // How long a finished test process may take to exit (and the global teardown to run) before
    // vitest says so; under load an idle process can take more than the default 10 s.
    teardownTimeout: 30_000,
    projects: [
      {
        plugins: [
          cloudflareTest(({ inject }) => ({
            // workerd's verbose mode logs every failed outbound connection with a native stack
            // trace ("exception = … disconnected", "uncaught exception … Network connection lost")
            // even when the code under test catches it, as the fault tests mean it to. Tests see
            // failures through their assertions; console output from the Worker still shows.
            verbose: false,
            wrangler: { configPath: './wrangler.toml' },
            miniflare: {
              ratelimits: testRateLimits,
              bindings: {
                ...localDefaults,
                // Queued repairs wait out this grace period: at 10 min none fires during a run,
                // so tests drive repairs explicitly (a sweep "as of" later) and stay deterministic.
                STREAM_SYNC_GRACE_SECONDS: '600',
                // Likewise queued mail: a test that reads a mailbox sends what is queued for it
                // (test/stand-ins.ts), so no send runs in the background of another test.
                EMAIL_SEND_DELAY_SECONDS: '600',
                NEON_HTTP_ENDPOINT: inject('neonSqlEndpoint'),
                STREAM_BASE_URL: inject('streamBaseUrl'),
                EMAIL_API_URL: inject('mailBaseUrl'),
                // Tests drive the stand-ins' control surfaces (faults, inspection) from inside workerd.
                TEST_NEON_CONTROL_URL: inject('neonBaseUrl'),
                TEST_STREAM_CONTROL_URL: inject('streamBaseUrl'),
                TEST_MAIL_CONTROL_URL: inject('mailBaseUrl'),
              },
            },
          })),
        ],
        test: {
          name: 'workers',
          // One workerd for every file instead of a new one per file (seconds each). Files stay
          // independent: each makes its own users, tenants and keys, and clears its faults.
          isolate: false,
          include: ['src/**/*.test.ts', 'test/workers/**/*.test.ts'],
          globalSetup: ['./test/global-setup.ts'],
          // The stand-ins (and their fault rules) are shared: a fault one file injects must not
          // hit another file's requests, so files run one at a time.
          fileParallelism: false,
          testTimeout: 20_000,
          expect: { poll: POLL },
        },
      },
      {
        test: {
          name: 'node',
          environment: 'node',
          include: ['test/node/**/*.test.ts', 'local/**/*.test.ts'],
          testTimeout: 30_000,
          expect: { poll: POLL },
        },
      },
    ],
  },
});
