/**
 * Requests per second at a fixed concurrency, with autocannon, in rounds: each round runs every
 * subject once (1 s of warm-up, then the measured seconds), in an order that rotates each round.
 * A ratio between two subjects is taken per round, where both met the same machine load, and
 * reported as the median of those per-round ratios with their range (stats.medianOfRatios).
 */
import autocannon from 'autocannon';
import { rotate } from './stats.ts';

export interface LoadSpec {
  method: string;
  path: string;
  token?: string;
  body?: unknown;
}

export interface LoadSubject {
  name: string;
  /** Read at each run: a reloaded runtime listens on new ports. */
  base: () => string;
  spec: LoadSpec;
}

export interface LoadOptions {
  connections: number;
  seconds: number;
  rounds: number;
}

async function once(base: string, spec: LoadSpec, options: LoadOptions): Promise<number> {
  const headers: Record<string, string> = {};
  if (spec.token) headers.authorization = `Bearer ${spec.token}`;
  if (spec.body !== undefined) headers['content-type'] = 'application/json';
  const result = await autocannon({
    url: base + spec.path,
    method: spec.method as 'GET',
    headers,
    body: spec.body === undefined ? undefined : JSON.stringify(spec.body),
    connections: options.connections,
    duration: options.seconds,
    // Not counted: the first second fills caches and lets the connections open.
    warmup: { connections: options.connections, duration: 1 },
  } as autocannon.Options);
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(
      `load on ${spec.method} ${spec.path}: ${result.non2xx} non-2xx, ${result.errors} errors`,
    );
  }
  return result.requests.average;
}

/**
 * req/s of each subject in each round. The first subject's failure throws; another's drops it
 * (its reason in `failed`).
 */
export async function loadRounds(
  subjects: LoadSubject[],
  options: LoadOptions,
): Promise<{ perRound: Record<string, number[]>; failed: Record<string, string> }> {
  const perRound: Record<string, number[]> = Object.fromEntries(subjects.map((s) => [s.name, []]));
  const failed: Record<string, string> = {};
  for (let r = 0; r < options.rounds; r++) {
    for (const s of rotate(subjects, r)) {
      if (failed[s.name]) continue;
      try {
        perRound[s.name]!.push(await once(s.base(), s.spec, options));
      } catch (error) {
        if (s === subjects[0]) throw error;
        failed[s.name] = (error as Error).message;
      }
    }
  }
  for (const name of Object.keys(failed)) delete perRound[name];
  return { perRound, failed };
}
