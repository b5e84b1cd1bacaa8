/**
 * `GET /health`: whether Neon and Stream answer, and how fast. Unauthenticated, so it must not
 * turn requests into upstream calls: an isolate checks each dependency at most once per
 * `MAX_AGE_MS` and answers everyone from that result (concurrent requests share the check in
 * flight). A fresh check on demand is rate-limited by the route.
 */
import { sql } from 'drizzle-orm';
import { classifyDbError } from '../db/errors';
import type { Services } from '../runtime/services';
import { appSettingsPlan } from '../stream/app-setup';
import { classifyStreamError } from '../stream/errors';

/** How old a result may be before the next request checks again. */
export const MAX_AGE_MS = 5_000;

export interface DependencyHealth {
  ok: boolean;
  latency_ms: number;
  error?: string;
}

/** Whether the Stream app is set up as `npm run stream:setup` would leave it (app level). */
export interface SetupHealth {
  current: boolean;
  /** What setup would change: webhooks and hook pointing here, `.app` grants, multi-tenancy. */
  differences: string[];
}

export interface Health {
  status: 'ok' | 'degraded';
  database: DependencyHealth;
  stream: DependencyHealth & { setup?: SetupHealth };
  /** When this result was measured (it may be served for `MAX_AGE_MS`). */
  checked_at: string;
}

async function probe<T>(
  call: () => Promise<T>,
  describe: (err: unknown) => string,
): Promise<DependencyHealth & { value?: T }> {
  const started = Date.now();
  try {
    const value = await call();
    return { ok: true, latency_ms: Date.now() - started, value };
  } catch (err) {
    return { ok: false, latency_ms: Date.now() - started, error: describe(err) };
  }
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * Both probes run concurrently: one check costs one trip to each dependency, in parallel. The
 * Stream probe reads the app's settings, which also says whether setup ran for this API.
 */
async function measure(s: Services, publicUrl: string): Promise<Health> {
  const checkedAt = new Date().toISOString();
  const [{ value: _rows, ...database }, { value: settings, ...stream }] = await Promise.all([
    probe(
      () => s.db.execute(sql`select 1`),
      (err) => classifyDbError(err)?.message ?? message(err),
    ),
    probe(
      async () => (await s.stream()).getAppSettings(),
      (err) => classifyStreamError(err)?.message ?? message(err),
    ),
  ]);
  const setup = settings
    ? appSettingsPlan(settings.app, { multiTenant: s.config.stream.multiTenant, publicUrl }).lines
    : undefined;
  const ok = database.ok && stream.ok;
  return {
    status: ok ? 'ok' : 'degraded',
    database,
    stream: setup
      ? { ...stream, setup: { current: setup.length === 0, differences: setup } }
      : stream,
    checked_at: checkedAt,
  };
}

const latest = new WeakMap<Services, { at: number; result: Promise<Health> }>();

/**
 * The isolate's latest result if it is recent enough, else a new check (`fresh`: always).
 * `publicUrl` is where this API is reached (setup must point Stream's webhooks at it).
 */
export function health(
  s: Services,
  options: { fresh?: boolean; publicUrl: string },
): Promise<Health> {
  const known = latest.get(s);
  if (!options.fresh && known && Date.now() - known.at < MAX_AGE_MS) return known.result;
  const result = measure(s, s.config.publicUrl ?? options.publicUrl);
  latest.set(s, { at: Date.now(), result });
  return result;
}
