import type { Context } from 'hono';
import { type RequestServices, servicesFor } from '../runtime/services';
import type { AppEnv } from './types';

/** The request's services: the isolate's clients plus the request's `waitUntil`. */
export function requestServices(c: Context<AppEnv>): RequestServices {
  return {
    ...servicesFor(c.env),
    later: (work) => c.executionCtx.waitUntil(work),
    requestId: c.get('requestId'),
  };
}
