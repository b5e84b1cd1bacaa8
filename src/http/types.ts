/** The Hono environment of the API: bindings and the request variables the shell sets. */
import type { RouteConfig, RouteHandler } from '@hono/zod-openapi';
import type { Principal } from '../core/types';

export interface AppEnv {
  Bindings: CloudflareBindings;
  Variables: {
    requestId: string;
    principal: Principal;
    /** RateLimit-Policy items of the limits this request passed through (src/http/rate-limit.ts). */
    rateLimitPolicies?: string[];
  };
}

export type AppRouteHandler<R extends RouteConfig> = RouteHandler<R, AppEnv>;
