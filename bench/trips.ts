/**
 * Per route: the upstream calls it makes, its serial trips and its latency, for each subject
 * (the working tree's app and, when there is one, the baseline's).
 *
 * Serial trips = (median latency with L ms added to every Neon and Stream call − median without)
 * / L. The samples are taken in rounds: each round visits every route, and takes a few samples of
 * each arm (plain, slowed) with the arms' order alternating from sample to sample and from round
 * to round, and the subjects' order rotating; a drift in machine load then falls on both arms and
 * every subject alike. Each round gives an estimate; the figure is their median, shown with their
 * range. A route's setup runs without added latency, and each timed request's after-response
 * work is waited out (its calls counted at the stand-ins) before the next request, so neither
 * overlaps a timed request. Cold rows reload the runtime before each sample, so they run after
 * all warm rows (a reload would otherwise turn the next warm row's first sample cold).
 */
import type { Route } from './routes.ts';
import type { Runtime } from './runtime.ts';
import { median, medianOfRatios, percentile, type Ratio, rotate, round } from './stats.ts';
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
  p50_vs_baseline?: Ratio;
}

/** A pause after reloading the runtime, before a cold sample. */
const COLD_SETTLE_MS = 300;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

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
  const total = (s: TripSubject) => {
    const c = s.upstreams.calls();
    return c.neon + c.stream;
  };
  /** Every call a run of this route makes, before and after its response. */
  const expected = (s: TripSubject, name: string) => {
    const c = calls.get(`${s.name} ${name}`)!;
    return c.neon + c.stream + c.afterResponse;
  };
  /** Until the stand-ins have answered `count` calls since `before` (or a call is overdue). */
  const answered = async (s: TripSubject, before: number, count: number, latency: number) => {
    const deadline = performance.now() + latency * 4 + 200;
    while (total(s) - before < count && performance.now() < deadline) await sleep(2);
  };
  /** Until no stand-in has answered a call for 30 ms (setup's after-response work is done). */
  const idle = async (group: TripSubject[]) => {
    let last = group.map(total).join();
    for (let quiet = 0; quiet < 30; quiet += 5) {
      await sleep(5);
      const now = group.map(total).join();
      if (now !== last) {
        last = now;
        quiet = 0;
      }
    }
  };
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
            const order = rotate(live(name), r + i);
            // Setup without added latency, and its after-response work done, before the timing.
            await setLatency(0);
            const prepared = new Map<string, unknown>();
            for (const s of order) {
              prepared.set(
                s.name,
                await guarded(s, name, async () => (await routeOf(s, name)!.prepare?.()) ?? null),
              );
            }
            if (routeOf(subjects[0]!, name)!.prepare) await idle(order);
            await setLatency(latency);
            if (routeOf(subjects[0]!, name)!.cold) {
              await runtime.restart();
              // The new isolates stay cold; what a reload leaves running (the old runtime's
              // teardown, the other Workers' startup) should not overlap the timed request.
              await sleep(COLD_SETTLE_MS);
            }
            for (const s of order.filter((x) => live(name).includes(x))) {
              const before = total(s);
              const ms = await guarded(s, name, () =>
                timed(() => routeOf(s, name)!.run(prepared.get(s.name))),
              );
              if (ms === undefined) continue;
              const arm = samples.get(name)!.get(s.name)!;
              (latency === 0 ? arm.plain : arm.slowed)[r]!.push(ms);
              // The request's after-response work must not overlap the next timed request (with
              // added latency it lasts longer, and would slow the slowed arm only).
              await answered(s, before, expected(s, name), latency);
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
      const perRound = arm.plain.map(
        (p, r) => (median(arm.slowed[r]!) - median(p)) / options.latency,
      );
      const exact = median(perRound);
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
      row.p50_vs_baseline = medianOfRatios(a.map(median), b.map(median));
    }
  }
  return names.map((n) => rows.get(n)!);
}
