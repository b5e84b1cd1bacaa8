import type { RouteConfig, RouteHandler } from '@hono/zod-openapi';
import type { StreamChat } from 'stream-chat';
import type { Database } from '../db/client';
import type { Config } from './config';

export type Role = 'admin' | 'moderator' | 'member';

/** Who is calling, taken from our JWT alone (no database read). */
export interface Principal {
  userId: string;
  /** The tenant the token is scoped to; absent for an unscoped token. */
  tenantId?: string;
  role?: Role;
  /** The session the token belongs to (logout, "this device"); absent on pre-session tokens. */
  sessionId?: string;
}

/** Upstream clients, built once per isolate and shared by requests. */
export interface Services {
  config: Config;
  db: Database;
  stream: () => Promise<StreamChat>;
  /** Where repairs of Stream's projection are queued (src/sync/repair.ts); absent if unbound. */
  repairs?: Queue<RepairMessage>;
  /** The request these services serve (its log lines carry it); absent for queue and cron work. */
  requestId?: string;
}

/** A queued repair: converge one aggregate's Stream projection (src/sync/outbox.ts). */
export interface RepairMessage {
  kind: 'user' | 'channel' | 'membership';
  key: string;
}

/** Work to finish after the response (Workers: `ctx.waitUntil`). */
export type Later = (work: Promise<unknown>) => void;

/** Services for one request: writes settle their sync markers after the response. */
export interface RequestServices extends Services {
  later: Later;
}

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
