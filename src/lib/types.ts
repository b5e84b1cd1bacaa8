import type { OpenAPIHono, RouteConfig, RouteHandler } from '@hono/zod-openapi';
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
}

/** Upstream clients, built once per isolate and shared by requests. */
export interface Services {
  config: Config;
  db: Database;
  stream: () => Promise<StreamChat>;
}

export interface AppEnv {
  Bindings: CloudflareBindings;
  Variables: {
    requestId: string;
    principal: Principal;
  };
}

export type AppOpenAPI = OpenAPIHono<AppEnv>;
export type AppRouteHandler<R extends RouteConfig> = RouteHandler<R, AppEnv>;
