/**
 * Per route: the upstream calls it makes, its serial trips and its latency, for each subject
 * (the working tree's app and, when there is one, the baseline's).
 *
 * Serial trips = (median latency with L ms added to every Neon and Stream call − median without)
 * / L. The samples are taken in rounds: each round visits every route, and takes a few samples of
 * each arm (plain, slowed) with the arms' order alternating from sample to sample and from round
 * to round, and the subjects' order rotating; a drift in machine load then falls on both arms and
 * every subject alike. The figure pools every round's samples; each round's own estimate gives
 * the spread. Cold rows reload the runtime before each sample, so they run after all warm rows
 * (a reload would otherwise turn the next warm row's first sample cold).
 */
import type { Route } from './routes.ts';
import type { Runtime } from './runtime.ts';
import { median, percentile, type Ratio, ratioOfMedians, rotate, round } from './stats.ts';
import type { Upstreams } from './upstreams.ts';

export interface TripSubject {
  name: string;
  routes: Route[];
  upstreams: Upstreams;
}

export interface TripOptions {
  latency: number;
  samples: number;
  coldSamples: number;
  rounds: number;
}

export interface SubjectRow {
  neon_calls: number;
  stream_calls: number;
  after_response_calls: number;
  serial_trips: number;
  serial_exact: number;
  /** The least and greatest per-round estimate of serial trips. */
  serial_range: [number, number];
  samples_per_arm: number;
  p50_ms: number;
  p99_ms: number;
  /** Every sample, ms, per round. */
  samples: { plain: number[][]; slowed: number[][] };
}

export interface RouteRow {
  route: string;
  subjects: Record<string, SubjectRow>;
  /** Why a subject has no row (e.g. the baseline has no such route). */
  skipped: Record<string, string>;
  /** p50 of the app ÷ p50 of the baseline, per round and pooled. */
  p50_vs_baseline?: Ratio | null;
}

const timed = async (run: () => Promise<unknown>) => {
  const t0 = performance.now();
  await run();
  return performance.now() - t0;
};

interface Arm {
  plain: number[][];
  slowed: number[][];
}

export async function measureRoutes(
  subjects: TripSubject[],
  runtime: Runtime,
  options: TripOptions,
  say: (line: string) => void,
): Promise<RouteRow[]> {
  const all = subjects.flatMap((s) => s.upstreams);
  const setLatency = (ms: number) => Promise.all(all.map((u) => u.setLatency(ms)));
  /** Waits out work started after a response (each call takes at least the added latency). */
  const settle = () => new Promise((r) => setTimeout(r, options.latency * 4 + 100));

  const names = subjects[0]!.routes.map((r) => r.name);
  const rows = new Map<string, RouteRow>();
  const samples = new Map<string, Map<string, Arm>>();
  const live = (name: string) =>
    subjects.filter((s) => rows.get(name)!.skipped[s.name] === undefined);
  const routeOf = (s: TripSubject, name: string) => s.routes.find((r) => r.name === name);

  /** Runs `fn` for a subject; a baseline's failure drops it from this route, the app's throws. */
  const guarded = async <T>(s: TripSubject, name: string, fn: () => Promise<T>) => {
    try {
      return await fn();
    } catch (error) {
      if (s === subjects[0]) throw error;
      rows.get(name)!.skipped[s.name] = (error as Error).message.split('\n')[0]!.slice(0, 200);
      return undefined;
    }
  };

  /** Calls before the response, and after it (waitUntil work), under added latency. */
  const countCalls = async (s: TripSubject, route: Route) => {
    // The previous sample's after-response work must not land in this count.
    const prepared = await route.prepare?.();
    await settle();
    if (route.cold) await runtime.restart();
    await setLatency(options.latency);
    const before = s.upstreams.calls();
    await route.run(prepared);
    const atResponse = s.upstreams.calls();
    await settle();
    const after = s.upstreams.calls();
    await setLatency(0);
    return {
      neon: atResponse.neon - before.neon,
      stream: atResponse.stream - before.stream,
      afterResponse: after.neon - atResponse.neon + (after.stream - atResponse.stream),
    };
  };

  const calls = new Map<string, Awaited<ReturnType<typeof countCalls>>>();
  for (const name of names) {
    say(`  ${name}: calls`);
    rows.set(name, { route: name, subjects: {}, skipped: {} });
    samples.set(name, new Map());
    for (const s of subjects) {
      const route = routeOf(s, name);
      if (!route) {
        rows.get(name)!.skipped[s.name] = 'no such route';
        continue;
      }
      const counted = await guarded(s, name, async () => {
        if (!route.cold) await route.run(await route.prepare?.()); // warm-up: the isolate's caches
        return countCalls(s, route);
      });
      await setLatency(0);
      if (counted) {
        calls.set(`${s.name} ${name}`, counted);
        samples.get(name)!.set(s.name, { plain: [], slowed: [] });
      }
    }
  }

  const sampleRounds = async (group: string[], perArm: number) => {
    const perRound = Math.ceil(perArm / options.rounds);
    for (let r = 0; r < options.rounds; r++) {
      say(`  ${group.length} routes: round ${r + 1} of ${options.rounds}`);
      for (const name of group) {
        for (const s of live(name)) {
          const arm = samples.get(name)!.get(s.name)!;
          arm.plain.push([]);
          arm.slowed.push([]);
        }
        for (let i = 0; i < perRound; i++) {
          const arms = (r + i) % 2 === 0 ? [0, options.latency] : [options.latency, 0];
          for (const latency of arms) {
            await setLatency(latency);
            const order = rotate(live(name), r + i);
            const prepared = new Map<string, unknown>();
            for (const s of order) {
              prepared.set(
                s.name,
                await guarded(s, name, async () => (await routeOf(s, name)!.prepare?.()) ?? null),
              );
            }
            if (routeOf(subjects[0]!, name)!.cold) await runtime.restart();
            for (const s of order.filter((x) => live(name).includes(x))) {
              const ms = await guarded(s, name, () =>
                timed(() => routeOf(s, name)!.run(prepared.get(s.name))),
              );
              if (ms === undefined) continue;
              const arm = samples.get(name)!.get(s.name)!;
              (latency === 0 ? arm.plain : arm.slowed)[r]!.push(ms);
            }
          }
        }
      }
    }
    await setLatency(0);
  };

  const isCold = (name: string) => routeOf(subjects[0]!, name)!.cold === true;
  // Counting the cold rows reloaded the runtime: warm every warm row's isolate again first.
  for (const name of names.filter((n) => !isCold(n))) {
    for (const s of live(name)) {
      const route = routeOf(s, name)!;
      await guarded(s, name, async () => route.run(await route.prepare?.()));
    }
  }
  await sampleRounds(
    names.filter((n) => !isCold(n)),
    options.samples,
  );
  await sampleRounds(names.filter(isCold), options.coldSamples);

  for (const name of names) {
    const row = rows.get(name)!;
    for (const s of live(name)) {
      const arm = samples.get(name)!.get(s.name)!;
      const c = calls.get(`${s.name} ${name}`)!;
      const plain = arm.plain.flat();
      const slowed = arm.slowed.flat();
      const exact = (median(slowed) - median(plain)) / options.latency;
      const perRound = arm.plain.map(
        (p, r) => (median(arm.slowed[r]!) - median(p)) / options.latency,
      );
      row.subjects[s.name] = {
        neon_calls: c.neon,
        stream_calls: c.stream,
        after_response_calls: c.afterResponse,
        serial_trips: Math.round(exact),
        serial_exact: round(exact, 2),
        serial_range: [round(Math.min(...perRound), 2), round(Math.max(...perRound), 2)],
        samples_per_arm: plain.length,
        p50_ms: round(median(plain)),
        p99_ms: round(percentile(plain, 99)),
        samples: {
          plain: arm.plain.map((xs) => xs.map((x) => round(x))),
          slowed: arm.slowed.map((xs) => xs.map((x) => round(x))),
        },
      };
    }
    const [app, baseline] = subjects;
    if (baseline && row.subjects[app!.name] && row.subjects[baseline.name]) {
      const a = samples.get(name)!.get(app!.name)!.plain;
      const b = samples.get(name)!.get(baseline.name)!.plain;
      row.p50_vs_baseline = ratioOfMedians(a.map((x, r) => [x, b[r]!] as [number[], number[]]));
    }
  }
  return names.map((n) => rows.get(n)!);
}
