import { enforceLimit } from '../../http/rate-limit';
import type { AppRouteHandler } from '../../http/types';
import { servicesFor } from '../../runtime/services';
import { health as checkHealth } from '../../services/health';
import type { HealthRoute } from './health.routes';

/** A recent result, or (`?fresh=true`, a few per minute) a new check. */
export const health: AppRouteHandler<HealthRoute> = async (c) => {
  const { fresh } = c.req.valid('query');
  // One key for everyone: fresh checks reach the upstreams, so their number is bounded.
  if (fresh) await enforceLimit(c, 'HEALTH_FRESH_LIMITER', 'fresh');
  const body = await checkHealth(servicesFor(c.env), {
    fresh,
    publicUrl: new URL(c.req.url).origin,
  });
  return body.status === 'ok' ? c.json(body, 200) : c.json(body, 503);
};
