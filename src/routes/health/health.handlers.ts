import { sql } from 'drizzle-orm';
import { classifyDbError } from '../../db/errors';
import type { AppRouteHandler } from '../../http/types';
import { servicesFor } from '../../runtime/services';
import { classifyStreamError } from '../../stream/errors';
import type { HealthRoute } from './health.routes';

async function probe(call: () => Promise<unknown>, describe: (err: unknown) => string) {
  const started = Date.now();
  try {
    await call();
    return { ok: true, latency_ms: Date.now() - started };
  } catch (err) {
    return { ok: false, latency_ms: Date.now() - started, error: describe(err) };
  }
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

// Both probes run concurrently: one request costs one trip to each dependency, in parallel.
export const health: AppRouteHandler<HealthRoute> = async (c) => {
  const { db, stream } = servicesFor(c.env);
  const [database, streamProbe] = await Promise.all([
    probe(
      () => db.execute(sql`select 1`),
      (err) => classifyDbError(err)?.message ?? message(err),
    ),
    probe(
      async () => (await stream()).getAppSettings(),
      (err) => classifyStreamError(err)?.message ?? message(err),
    ),
  ]);
  const ok = database.ok && streamProbe.ok;
  const body = {
    status: ok ? ('ok' as const) : ('degraded' as const),
    database,
    stream: streamProbe,
  };
  return ok ? c.json(body, 200) : c.json(body, 503);
};
