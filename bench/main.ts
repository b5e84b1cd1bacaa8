/**
 * `npm run bench [-- --json] [-- --latency 25 --samples 20 --seconds 3]`: what each route costs,
 * compared with a bare Worker in the same run.
 *
 *  1. Builds the production bundles of the app and of the floor (bench/floor: bare Hono doing the
 *     same JWT work as GET /stream/token); sizes; startup CPU (`wrangler check startup`, median
 *     of 9 (`--startup-runs`), app and floor interleaved).
 *  2. Runs both bundles in one workerd (Miniflare) on direct sockets, against the stand-ins.
 *  3. Per route: Neon and Stream calls counted at the stand-ins (before the response; after it
 *     separately), serial trips = (median with latency L on every upstream call − median
 *     without) / L, the two arms interleaved sample by sample; p50/p99 without added latency;
 *     req/s at fixed concurrency (autocannon) for the load-tested routes, GET /stream/token
 *     interleaved with the floor. The first send of a new user and a cold isolate (a freshly
 *     loaded runtime) are rows of their own.
 *  4. Checks issue 11's targets and prints pass/fail for each.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parseEnvFile } from '../local/env-file.ts';
import { freePort } from '../local/wrangler-dev.ts';
import { buildBundle, median, startupCpu } from './build.ts';
import { reqPerSecond } from './load.ts';
import { oneTripProbes } from './probes.ts';
import { printTable, type Result, type Targets, targets } from './report.ts';
import { type Api, fixture, type Route, routes } from './routes.ts';
import { startRuntime } from './runtime.ts';
import { startUpstreams } from './upstreams.ts';

const { values: args } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    latency: { type: 'string', default: process.env.BENCH_LATENCY_MS ?? '25' },
    samples: { type: 'string', default: process.env.BENCH_SAMPLES ?? '20' },
    'cold-samples': { type: 'string', default: '5' },
    seconds: { type: 'string', default: '3' },
    connections: { type: 'string', default: '10' },
    rounds: { type: 'string', default: '3' },
    'startup-runs': { type: 'string', default: '9' },
  },
});
const LATENCY = Number(args.latency);
const SAMPLES = Math.max(20, Number(args.samples));
const COLD_SAMPLES = Number(args['cold-samples']);
const say = (line: string) => {
  // With --json, stdout carries only the JSON; progress goes to stderr.
  (args.json ? process.stderr : process.stdout).write(`${line}\n`);
};
const started = performance.now();

say('building the production bundles …');
const [appBundle, floorBundle] = await Promise.all([
  buildBundle('wrangler.toml'),
  buildBundle('bench/floor/wrangler.toml'),
]);
const STARTUP_RUNS = Math.max(3, Number(args['startup-runs']));
say(`measuring startup CPU (wrangler check startup, ${STARTUP_RUNS} runs each) …`);
const startup = await startupCpu(
  { app: 'wrangler.toml', floor: 'bench/floor/wrangler.toml' },
  STARTUP_RUNS,
);

const vars = parseEnvFile(readFileSync('.dev.vars.example', 'utf8'));
const upstreams = await startUpstreams(vars);
const runtime = await startRuntime({
  app: appBundle,
  floor: floorBundle,
  bindings: { ...vars, ...upstreams.bindings },
  ports: { app: await freePort(), floor: await freePort() },
});

// A client address per call, as many users would come from: the per-IP limits (register, login)
// then measure nothing here. Per-user limits are kept by the fixture's pools (routes.ts).
let clients = 0;
const clientIp = () => {
  clients++;
  return `10.${(clients >> 16) & 255}.${(clients >> 8) & 255}.${clients & 255}`;
};

const api: Api = async (method, path, token, body) => {
  const headers: Record<string, string> = { 'cf-connecting-ip': clientIp() };
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${runtime.appUrl}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status >= 400) throw new Error(`${method} ${path} -> ${res.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
};

async function timed(route: Route): Promise<number> {
  const prepared = await route.prepare?.();
  if (route.cold) await runtime.restart();
  const t0 = performance.now();
  await route.run(prepared);
  return performance.now() - t0;
}

/** Waits out work started after a response (each call takes at least the added latency). */
const settle = () => new Promise((r) => setTimeout(r, LATENCY * 4 + 100));

/** Calls before the response, and after it (waitUntil work), under added latency. */
async function countCalls(route: Route) {
  // The previous sample's after-response work must not land in this count.
  const prepared = await route.prepare?.();
  await settle();
  if (route.cold) await runtime.restart();
  await upstreams.setLatency(LATENCY);
  const before = upstreams.calls();
  await route.run(prepared);
  const atResponse = upstreams.calls();
  await settle();
  const after = upstreams.calls();
  await upstreams.setLatency(0);
  return {
    neon: atResponse.neon - before.neon,
    stream: atResponse.stream - before.stream,
    afterResponse: after.neon - atResponse.neon + (after.stream - atResponse.stream),
  };
}

const percentile = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((xs.length * p) / 100) - 1)]!;
const round1 = (n: number) => Number(n.toFixed(1));

const f = await fixture(api);
const results: Result[] = [];
for (const route of routes(api, f)) {
  say(`  ${route.name}`);
  if (!route.cold) await timed(route); // warm-up: fills the isolate's caches
  const calls = await countCalls(route);
  const n = route.cold ? COLD_SAMPLES : SAMPLES;
  const plain: number[] = [];
  const slowed: number[] = [];
  for (let i = 0; i < n; i++) {
    // Interleaved arms: a drift in machine load hits both alike.
    await upstreams.setLatency(0);
    plain.push(await timed(route));
    await upstreams.setLatency(LATENCY);
    slowed.push(await timed(route));
  }
  await upstreams.setLatency(0);
  const serialExact = (median(slowed) - median(plain)) / LATENCY;
  results.push({
    route: route.name,
    neon_calls: calls.neon,
    stream_calls: calls.stream,
    after_response_calls: calls.afterResponse,
    serial_trips: Math.round(serialExact),
    serial_exact: Number(serialExact.toFixed(2)),
    samples_per_arm: n,
    p50_ms: round1(median(plain)),
    p99_ms: round1(percentile(plain, 99)),
  });
}

say('one-trip probes (why POST /messages keeps its database trip) …');
const rawApi = async (method: string, path: string, token: string, body?: unknown) => {
  const res = await fetch(`${runtime.appUrl}${path}`, {
    method,
    headers: {
      'cf-connecting-ip': clientIp(),
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  await res.text();
  return res.status;
};
const probes = await oneTripProbes(api, rawApi, upstreams, vars);

say(`load: ${args.connections} connections, ${args.seconds} s per run, median of ${args.rounds} …`);
await runtime.restart(); // a fresh isolate for the load runs, then warm it
for (const route of routes(api, f)) {
  if (!route.load) continue;
  await api(route.load.method, route.load.path, route.load.token, route.load.body);
  const withFloor = route.name === 'GET /stream/token';
  const rps = await reqPerSecond(
    { app: runtime.appUrl, floor: withFloor ? runtime.floorUrl : undefined },
    route.load,
    {
      connections: Number(args.connections),
      seconds: Number(args.seconds),
      rounds: Number(args.rounds),
    },
  );
  const row = results.find((r) => r.route === route.name)!;
  row.req_per_s = Math.round(rps.app);
  if (rps.floor !== undefined) {
    row.floor_req_per_s = Math.round(rps.floor);
    row.ratio_to_floor = Number((rps.app / rps.floor).toFixed(2));
  }
}

await runtime.stop();
await upstreams.close();

const summary = {
  method: {
    runtime: 'workerd via Miniflare, production bundles, direct sockets (no wrangler dev proxy)',
    added_latency_ms: LATENCY,
    samples_per_arm: SAMPLES,
    cold_samples_per_arm: COLD_SAMPLES,
    load: {
      tool: 'autocannon',
      connections: Number(args.connections),
      seconds: Number(args.seconds),
      rounds: Number(args.rounds),
    },
  },
  bundle: {
    app: {
      raw_kib: appBundle.rawKiB,
      gzip_kib: appBundle.gzipKiB,
      script_raw_kib: appBundle.scriptRawKiB,
      script_gzip_kib: appBundle.scriptGzipKiB,
      lazy_modules: appBundle.lazyModules,
    },
    floor: { raw_kib: floorBundle.rawKiB, gzip_kib: floorBundle.gzipKiB },
  },
  startup_cpu_ms: {
    app: startup.appMs,
    floor: startup.floorMs,
    app_min: startup.appMinMs,
    floor_min: startup.floorMinMs,
    app_active: startup.appActiveMs,
    floor_active: startup.floorActiveMs,
    app_runs: startup.appRuns,
    floor_runs: startup.floorRuns,
    app_active_runs: startup.appActiveRuns,
    floor_active_runs: startup.floorActiveRuns,
  },
  results,
  one_trip_probes: probes,
  targets: [] as Targets,
  total_seconds: Math.round((performance.now() - started) / 1000),
};
summary.targets = targets(summary);

mkdirSync('artifacts', { recursive: true });
writeFileSync('artifacts/bench.json', `${JSON.stringify(summary, null, 2)}\n`);
if (args.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
else printTable(summary);
process.exitCode = 0;
