/**
 * The stand-ins the app talks to, with what the benchmark needs from them: a count of the calls
 * each one answered (from their request logs) and one switch that adds the same latency to every
 * Neon and Stream call (their fault-injection control surface).
 */
import { applyMigrations } from '../local/migrate.ts';
import { startNeonStandIn } from '../local/neon/server.ts';
import { startStreamEmulator } from '../local/stream/server.ts';
import { parseConfig } from '../src/core/config.ts';
import { setUpStreamApp } from '../src/stream/set-up-app.ts';

export interface Upstreams {
  bindings: Record<string, string>;
  streamUrl: string;
  /** Fails the next `count` calls of one Stream operation with `status`. */
  failStream(op: string, status: number, count: number): Promise<void>;
  /** Calls answered so far: Neon SQL requests, Stream API requests. */
  calls(): { neon: number; stream: number };
  setLatency(ms: number): Promise<void>;
  /** Removes every fault rule (latency and failures) from both stand-ins. */
  clearFaults(): Promise<void>;
  close(): Promise<void>;
}

export async function startUpstreams(
  vars: Record<string, string>,
  /** The schema's migrations (default: this checkout's drizzle/). */
  migrationsFolder?: string,
): Promise<Upstreams> {
  let neonCalls = 0;
  let streamCalls = 0;
  const neon = await startNeonStandIn({
    port: 0,
    log: (line) => {
      if (/POST \/sql/.test(line)) neonCalls++;
    },
  });
  const stream = await startStreamEmulator({
    port: 0,
    apiKey: vars.STREAM_API_KEY!,
    apiSecret: vars.STREAM_API_SECRET!,
    log: (line) => {
      if (!line.includes('/__control') && /\b(GET|POST|PUT|PATCH|DELETE)\b/.test(line))
        streamCalls++;
    },
  });
  await applyMigrations({
    databaseUrl: vars.DATABASE_URL!,
    sqlEndpoint: neon.sqlEndpoint,
    migrationsFolder,
  });
  // The Stream app as production runs it (grants, multi-tenancy), as dev and the tests set it up.
  await setUpStreamApp(parseConfig({ ...vars, STREAM_BASE_URL: stream.url }).stream);

  const control = (base: string, latencyMs: number) =>
    fetch(`${base}/__control/faults`, {
      method: latencyMs > 0 ? 'POST' : 'DELETE',
      headers: { 'content-type': 'application/json' },
      body: latencyMs > 0 ? JSON.stringify({ op: '*', latencyMs }) : undefined,
    }).then((res) => {
      if (!res.ok) throw new Error(`fault control at ${base}: ${res.status}`);
    });

  let current = 0;
  return {
    bindings: {
      NEON_HTTP_ENDPOINT: neon.sqlEndpoint,
      STREAM_BASE_URL: stream.url,
      // Queued mail (a registration's) would be sent in the background of later samples and
      // add to their counts: held past the run instead (no mail stand-in here).
      EMAIL_SEND_DELAY_SECONDS: '3600',
    },
    streamUrl: stream.url,
    async failStream(op, status, count) {
      const res = await fetch(`${stream.url}/__control/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ op, status, count }),
      });
      if (!res.ok) throw new Error(`fault control at ${stream.url}: ${res.status}`);
    },
    calls: () => ({ neon: neonCalls, stream: streamCalls }),
    async clearFaults() {
      await Promise.all([control(neon.url, 0), control(stream.url, 0)]);
      current = 0;
    },
    async setLatency(ms) {
      if (ms === current) return;
      // Clear first: rules stack, and the previous one must not add to the new one.
      await Promise.all([control(neon.url, 0), control(stream.url, 0)]);
      if (ms > 0) await Promise.all([control(neon.url, ms), control(stream.url, ms)]);
      current = ms;
    },
    close: async () => {
      await Promise.all([neon.close(), stream.close()]);
    },
  };
}
