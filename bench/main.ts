/**
 * What the app costs, as ratios measured in one run: to the floor (bench/floor, a bare Hono
 * Worker configured like the app, doing what GET /stream/token must do) and to a baseline commit
 * built beside the working tree (baseline.ts).
 *
 *  1. Builds the production bundles of the app, the floor and the baseline; sizes.
 *  2. Startup CPU, every Worker once per round (startup.ts).
 *  3. The Workers side by side in one runtime: calls, serial trips and latency per route, the
 *     one-trip probes, req/s (live.ts).
 *  4. Checks issue 11's targets (report.ts); prints the table, or with --json the JSON.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Options } from './args.ts';
import { type Baseline, chooseBaseline, prepareBaseline } from './baseline.ts';
import { type Bundle, buildBundle } from './build.ts';
import { floorMismatches } from './floor-config.ts';
import { measureLive } from './live.ts';
import type { Output } from './output.ts';
import { type BundleSizes, printable, type Summary, targets } from './report.ts';
import { measureStartup, PRIMARY, startupRatios } from './startup.ts';
import { round } from './stats.ts';

const APP_CONFIG = 'wrangler.toml';
const FLOOR_CONFIG = 'bench/floor/wrangler.toml';

const git = (...args: string[]) => execFileSync('git', args, { encoding: 'utf8' }).trim();
const load = () => loadavg().map((x) => round(x, 2));

const sizes = (b: Bundle): BundleSizes => ({
  raw_kib: b.rawKiB,
  gzip_kib: b.gzipKiB,
  script_raw_kib: b.scriptRawKiB,
  script_gzip_kib: b.scriptGzipKiB,
  lazy_modules: b.lazyModules,
});

function methodOf(options: Options) {
  return {
    startup: `the first request of a fresh workerd, importing the Worker (wrangler check startup's harness), ${options.startupRuns} rounds, order rotating; compared on ${PRIMARY === 'cpu' ? "workerd's CPU time" : "the profile's active time"} (check startup's active and sampled times shown too); ratio of medians, range of per-round ratios`,
    runtime:
      'workerd via Miniflare, production bundles with their assets, direct sockets (no wrangler dev proxy), each Worker with its own stand-ins',
    trips: {
      added_latency_ms: options.latency,
      samples_per_arm: options.samples,
      cold_samples_per_arm: options.coldSamples,
      rounds: options.tripRounds,
    },
    load: {
      tool: 'autocannon',
      connections: options.connections,
      seconds_per_run: options.seconds,
      warmup_seconds: 1,
      rounds: options.rounds,
    },
  };
}

export async function runBench(options: Options, out: Output): Promise<void> {
  const say = out.say;
  const started = performance.now();
  const conditions: Record<string, unknown> = {
    cpus: cpus().length,
    load_average_at_start: load(),
    node: process.version,
    wrangler: JSON.parse(readFileSync('node_modules/wrangler/package.json', 'utf8')).version,
    started_at: new Date().toISOString(),
  };
  const mismatches = floorMismatches(APP_CONFIG, FLOOR_CONFIG);
  if (mismatches.length > 0) {
    throw new Error(
      `${FLOOR_CONFIG} is not configured like ${APP_CONFIG}, so its ratios would measure the difference:\n  ${mismatches.join('\n  ')}`,
    );
  }
  const dirty = git('status', '--porcelain', '--untracked-files=no') !== '';
  const choice = options.baseline === null ? undefined : await chooseBaseline(options.baseline);

  const scratch = mkdtempSync(join(tmpdir(), 'bench-build-'));
  try {
    say('building the production bundles of the app and the floor …');
    const bundles: Record<string, Bundle> = {
      app: await buildBundle('.', APP_CONFIG, join(scratch, 'app')),
      floor: await buildBundle('.', FLOOR_CONFIG, join(scratch, 'floor')),
    };
    let baseline: Baseline | undefined;
    if (choice) {
      say(`baseline ${choice.commit.slice(0, 12)} (${choice.why}) …`);
      baseline = await prepareBaseline(choice.commit, say);
      if (baseline.fromCache)
        say('  built before: its tree and build from node_modules/.cache/bench');
      bundles.baseline = baseline.bundle;
    }
    const summary: Omit<Summary, 'targets' | 'total_seconds'> = {
      method: methodOf(options),
      conditions,
      subjects: {
        app: `working tree at ${git('log', '-1', '--format=%h %s')}${dirty ? ' (with uncommitted changes)' : ''}`,
        floor: `${FLOOR_CONFIG} (bare Hono doing GET /stream/token's JWT work; the app's settings and assets)`,
        baseline: baseline && {
          commit: baseline.commit,
          subject: baseline.subject,
          why: choice!.why,
          from_cache: baseline.fromCache,
        },
      },
      bundle: Object.fromEntries(Object.entries(bundles).map(([n, b]) => [n, sizes(b)])),
    };

    if (options.phases.has('startup')) {
      say(`startup: the first request of a fresh workerd, ${options.startupRuns} rounds …`);
      const uploads = Object.fromEntries(
        Object.entries(bundles).map(([n, b]) => [n, b.uploadBundle]),
      );
      const st = await measureStartup(uploads, options.startupRuns, (r) =>
        say(`  round ${r + 1} of ${options.startupRuns}`),
      );
      summary.startup = {
        ...st,
        app_vs_floor: startupRatios(st, 'app', 'floor'),
        app_vs_baseline: baseline ? startupRatios(st, 'app', 'baseline') : undefined,
      };
    }

    Object.assign(summary, await measureLive(options, bundles, baseline, say));

    conditions.load_average_at_end = load();
    const result: Summary = {
      ...summary,
      targets: targets(summary),
      total_seconds: Math.round((performance.now() - started) / 1000),
    };
    mkdirSync('artifacts', { recursive: true });
    const json = `${JSON.stringify(result, null, 2)}\n`;
    writeFileSync('artifacts/bench.json', json);
    out.result(options.json ? json : printable(result));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
