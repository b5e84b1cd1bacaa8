/**
 * The Workers side by side in one runtime, each against its own stand-ins (the baseline's
 * migrated with its own drizzle/): per route calls, serial trips and latency (trips.ts), the
 * one-trip probes (probes.ts), and req/s in rounds (load.ts), the app beside the floor on
 * GET /stream/token and beside the baseline on every load-tested route.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseEnvFile } from '../local/env-file.ts';
import type { Options } from './args.ts';
import type { Baseline } from './baseline.ts';
import type { Bundle } from './build.ts';
import { type LoadSubject, loadRounds } from './load.ts';
import { oneTripProbes } from './probes.ts';
import type { LoadRow, Summary } from './report.ts';
import { type Api, fixture, type Route, routes } from './routes.ts';
import { type Runtime, type Subject, startRuntime } from './runtime.ts';
import { median, medianOfRatios } from './stats.ts';
import { measureRoutes, type TripSubject } from './trips.ts';
import { startUpstreams, type Upstreams } from './upstreams.ts';

type Live = Pick<Summary, 'routes' | 'one_trip_probes' | 'load'>;

/** A client address per call, as many users would come from. */
function clientAddresses() {
  let n = 0;
  return () => {
    n++;
    return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
  };
}

function clientOf(runtime: Runtime) {
  const clientIp = clientAddresses();
  const request = (
    name: string,
    method: string,
    path: string,
    token?: string,
    body?: unknown,
    extra: Record<string, string> = {},
  ) => {
    const headers: Record<string, string> = { 'cf-connecting-ip': clientIp(), ...extra };
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    return fetch(`${runtime.url(name)}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  };
  const apiOf =
    (name: string): Api =>
    async (method, path, token, body, headers) => {
      const res = await request(name, method, path, token, body, headers);
      const text = await res.text();
      if (res.status >= 400) throw new Error(`${method} ${path} -> ${res.status} ${text}`);
      return text ? JSON.parse(text) : undefined;
    };
  return { request, apiOf };
}

async function loadPhase(
  options: Options,
  runtime: Runtime,
  routeLists: Record<string, Route[]>,
  apiOf: (name: string) => Api,
  say: (line: string) => void,
): Promise<LoadRow[]> {
  say(
    `load: ${options.connections} connections, ${options.rounds} rounds of ${options.seconds} s per Worker …`,
  );
  await runtime.restart(); // fresh isolates for the load runs, warmed below
  const rows: LoadRow[] = [];
  for (const route of routeLists.app!) {
    if (!route.load) continue;
    say(`  ${route.name}`);
    const subjects: LoadSubject[] = [
      { name: 'app', base: () => runtime.url('app'), spec: route.load },
    ];
    if (route.name === 'GET /stream/token') {
      subjects.push({ name: 'floor', base: () => runtime.url('floor'), spec: route.load });
    }
    const baseLoad = routeLists.baseline?.find((r) => r.name === route.name)?.load;
    if (baseLoad) {
      subjects.push({ name: 'baseline', base: () => runtime.url('baseline'), spec: baseLoad });
    }
    for (const { name, spec } of subjects) {
      // Warm-up; a failure shows in the measured runs.
      await apiOf(name)(spec.method, spec.path, spec.token, spec.body).catch(() => undefined);
    }
    const { perRound, failed } = await loadRounds(subjects, options);
    const row: LoadRow = {
      route: route.name,
      req_per_s: Object.fromEntries(
        Object.entries(perRound).map(([n, xs]) => [n, Math.round(median(xs))]),
      ),
      per_round: Object.fromEntries(
        Object.entries(perRound).map(([n, xs]) => [n, xs.map((x) => Math.round(x))]),
      ),
      failed,
    };
    if (perRound.floor) row.vs_floor = medianOfRatios(perRound.app!, perRound.floor);
    if (perRound.baseline) row.vs_baseline = medianOfRatios(perRound.app!, perRound.baseline);
    rows.push(row);
  }
  return rows;
}

export async function measureLive(
  options: Options,
  bundles: Record<string, Bundle>,
  baseline: Baseline | undefined,
  say: (line: string) => void,
): Promise<Live> {
  if (!['routes', 'probes', 'load'].some((p) => options.phases.has(p as 'routes'))) return {};
  const live: Live = {};
  const cleanups: (() => Promise<unknown>)[] = [];
  try {
    say('starting the stand-ins and the Workers …');
    const envFile = resolve('.dev.vars.example');
    const vars = parseEnvFile(readFileSync(envFile, 'utf8'));
    const upstreams: Record<string, Upstreams> = { app: await startUpstreams(vars) };
    cleanups.push(() => upstreams.app!.close());
    const bindings = { ...vars, ...upstreams.app!.bindings };
    const subjects: Subject[] = [
      { name: 'app', bundle: bundles.app!, envFile, bindings },
      { name: 'floor', bundle: bundles.floor!, envFile, bindings },
    ];
    if (baseline) {
      const baseEnv = join(baseline.root, '.dev.vars.example');
      const baseVars = { ...vars, ...parseEnvFile(readFileSync(baseEnv, 'utf8')) };
      upstreams.baseline = await startUpstreams(baseVars, join(baseline.root, 'drizzle'));
      cleanups.push(() => upstreams.baseline!.close());
      subjects.push({
        name: 'baseline',
        bundle: baseline.bundle,
        envFile: baseEnv,
        bindings: { ...baseVars, ...upstreams.baseline.bindings },
      });
    }
    const runtime = await startRuntime(subjects);
    cleanups.unshift(() => runtime.stop());
    const { request, apiOf } = clientOf(runtime);

    say('fixture: a tenant, members, a channel with history …');
    const routeLists: Record<string, Route[]> = {
      app: routes(apiOf('app'), await fixture(apiOf('app'))),
    };
    let baselineUnfit: string | undefined;
    if (baseline) {
      try {
        routeLists.baseline = routes(apiOf('baseline'), await fixture(apiOf('baseline')));
      } catch (error) {
        baselineUnfit = `the baseline's API does not take the bench's fixture: ${(error as Error).message.split('\n')[0]}`;
        say(`  ${baselineUnfit}`);
      }
    }

    if (options.phases.has('routes')) {
      say(`routes: calls, serial trips (+${options.latency} ms per upstream call), p50/p99 …`);
      const tripSubjects: TripSubject[] = Object.entries(routeLists).map(([name, list]) => ({
        name,
        routes: list,
        upstreams: upstreams[name]!,
      }));
      live.routes = await measureRoutes(
        tripSubjects,
        runtime,
        {
          latency: options.latency,
          samples: options.samples,
          coldSamples: options.coldSamples,
          rounds: options.tripRounds,
        },
        say,
      );
      if (baselineUnfit) for (const row of live.routes) row.skipped.baseline = baselineUnfit;
    }

    if (options.phases.has('probes')) {
      say('one-trip probes (why POST /messages keeps its database trip) …');
      const rawApi = async (method: string, path: string, token: string, body?: unknown) => {
        const res = await request('app', method, path, token, body);
        await res.text();
        return res.status;
      };
      live.one_trip_probes = await oneTripProbes(apiOf('app'), rawApi, upstreams.app!, vars);
    }

    if (options.phases.has('load')) {
      live.load = await loadPhase(options, runtime, routeLists, apiOf, say);
    }
    return live;
  } finally {
    for (const cleanup of cleanups) await cleanup().catch(() => undefined);
  }
}
