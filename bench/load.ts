/**
 * Requests per second at a fixed concurrency, with autocannon. Subject and floor runs alternate
 * (subject, floor, subject, floor …) so both see the same machine load; the median run counts.
 */
import autocannon from 'autocannon';
import { median } from './build.ts';

export interface LoadSpec {
  method: string;
  path: string;
  token?: string;
  body?: unknown;
}

export interface LoadOptions {
  connections: number;
  seconds: number;
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
  });
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(
      `load on ${spec.method} ${spec.path}: ${result.non2xx} non-2xx, ${result.errors} errors`,
    );
  }
  return result.requests.average;
}

export async function reqPerSecond(
  bases: { app: string; floor?: string },
  spec: LoadSpec,
  options: LoadOptions & { rounds: number },
): Promise<{ app: number; floor?: number }> {
  const app: number[] = [];
  const floor: number[] = [];
  for (let i = 0; i < options.rounds; i++) {
    app.push(await once(bases.app, spec, options));
    if (bases.floor) floor.push(await once(bases.floor, spec, options));
  }
  return { app: median(app), floor: bases.floor ? median(floor) : undefined };
}
