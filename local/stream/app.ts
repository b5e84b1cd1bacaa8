/**
 * Assembles the emulator's Hono app: Stream's REST subset, the local control surface, and
 * Stream-shaped answers for errors and unknown routes.
 */
import { Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { FaultInjector } from '../faults';
import type { EmulatorContext } from './context';
import { controlRoutes } from './control';
import { localCors } from './cors';
import type { StreamEnv } from './env';
import { ErrorCode, errorBody, StreamError } from './errors';
import { notEmulatedResponse, registerShadowedNotEmulated } from './not-emulated';
import type { OperationDeps } from './operation';
import { playgroundRoutes } from './playground';
import { registerAppRoutes } from './routes/app-settings';
import { registerBannedUsersRoute } from './routes/banned-users';
import { registerBlocklistRoutes } from './routes/blocklists';
import { registerChannelDeleteRoute } from './routes/channel-delete';
import { registerChannelEventRoutes } from './routes/channel-events';
import { registerChannelMessageRoutes } from './routes/channel-messages';
import { registerChannelMuteRoutes } from './routes/channel-mutes';
import { registerChannelQueryRoutes } from './routes/channel-query';
import { registerChannelTypeRoutes } from './routes/channel-types';
import { registerChannelUpdateRoutes } from './routes/channel-update';
import { registerChannelVisibilityRoutes } from './routes/channel-visibility';
import { registerDeliveredRoute } from './routes/delivered';
import { registerMessageOpRoutes } from './routes/message-ops';
import { registerMessageRoutes } from './routes/messages';
import { registerModerationRoutes } from './routes/moderation';
import { registerQueryChannelsRoute } from './routes/query-channels';
import { registerQueryMembersRoute } from './routes/query-members';
import { registerQueryReactionsRoute } from './routes/query-reactions';
import { registerReactionRoutes } from './routes/reactions';
import { registerSearchRoute } from './routes/search';
import { registerTaskRoute } from './routes/tasks';
import { registerThreadRoutes } from './routes/threads';
import { registerUnreadBatchRoute } from './routes/unread-batch';
import { registerUploadRoutes } from './routes/uploads';
import { registerUserActivationRoutes } from './routes/user-activation';
import { registerUserBlockRoutes } from './routes/user-blocks';
import { registerUserCustomEventRoute } from './routes/user-custom-events';
import { registerUserQueryRoutes } from './routes/user-queries';
import { registerUserRoutes } from './routes/users';
import type { StreamStore } from './store';
import { assertNotRevoked } from './tokens';
import type { UploadStorage } from './uploads';
import { assertNotDeactivated } from './user-activation';
import type { Hooks } from './webhooks/hooks';
import { duration, streamResponseHeaders } from './wire';
import type { Watches } from './ws/connections';

export interface StreamAppOptions {
  store: StreamStore;
  faults: FaultInjector;
  apiKey: string;
  apiSecret: string;
  log: (line: string) => void;
  /** Open WebSocket connections' watches (ws/connections.ts). */
  watches: Watches;
  /** Webhook deliveries and the before-send hook (webhooks/hooks.ts). */
  hooks: Hooks;
  /** Where uploaded files' bytes are kept (uploads.ts). */
  uploads: UploadStorage;
  /** Serve the local chat page under /__playground (npm run dev). */
  playground?: boolean;
}

export function createStreamApp(options: StreamAppOptions): Hono<StreamEnv> {
  const { store, faults, log } = options;
  const deps: OperationDeps = {
    faults,
    apiKey: options.apiKey,
    apiSecret: options.apiSecret,
    checkClaims: (claims) => {
      assertNotRevoked(store, claims);
      assertNotDeactivated(store, claims.user_id);
    },
  };
  const ctx: EmulatorContext = { store, deps, watches: options.watches, hooks: options.hooks };
  const app = new Hono<StreamEnv>();

  app.use('*', async (c, next) => {
    const started = performance.now();
    await next();
    const op = c.get('op');
    const outcome = c.env?.incoming?.socket?.destroyed ? 'dropped' : String(c.res.status);
    log(
      `${c.req.method} ${c.req.path}${op ? ` (${op})` : ''} -> ${outcome} in ${(performance.now() - started).toFixed(1)}ms`,
    );
  });

  // Before everything else: a preflight must be answered before auth or routing refuse it.
  app.use('*', localCors);
  app.route('/__control', controlRoutes(store, faults, options.hooks));
  if (options.playground) app.route('/__playground', playgroundRoutes(options.apiKey));

  app.use('*', streamResponseHeaders);
  registerShadowedNotEmulated(app);
  registerUserRoutes(app, ctx);
  registerQueryChannelsRoute(app, ctx);
  // Order matters: `POST /channels/:type/query` (distinct channels) must win over
  // `POST /channels/:type/:id` (UpdateChannel), and Hono runs matching routes in order.
  registerChannelQueryRoutes(app, ctx);
  registerChannelEventRoutes(app, ctx);
  registerChannelUpdateRoutes(app, ctx);
  registerChannelDeleteRoute(app, ctx);
  registerMessageRoutes(app, ctx);
  registerAppRoutes(app, ctx);
  registerChannelTypeRoutes(app, ctx);
  registerQueryMembersRoute(app, ctx);
  registerSearchRoute(app, ctx);
  registerUserQueryRoutes(app, ctx);
  registerMessageOpRoutes(app, ctx);
  registerReactionRoutes(app, ctx);
  registerModerationRoutes(app, ctx);
  registerBlocklistRoutes(app, ctx);
  registerUserBlockRoutes(app, ctx);
  registerChannelVisibilityRoutes(app, ctx);
  registerDeliveredRoute(app, ctx);
  registerThreadRoutes(app, ctx);
  registerChannelMessageRoutes(app, ctx);
  registerQueryReactionsRoute(app, ctx);
  registerChannelMuteRoutes(app, ctx);
  registerUnreadBatchRoute(app, ctx);
  registerBannedUsersRoute(app, ctx);
  registerUserActivationRoutes(app, ctx);
  registerTaskRoute(app, ctx);
  registerUserCustomEventRoute(app, ctx);
  registerUploadRoutes(app, ctx, options.uploads);

  // Stream API paths without a route are calls the emulator does not emulate; local-only
  // paths (`/__…`) are simply not found.
  app.notFound((c) =>
    c.req.path.startsWith('/__')
      ? c.json(errorBody('Request', 404, ErrorCode.DoesNotExist, 'Not Found', duration(c)), 404)
      : notEmulatedResponse(c),
  );

  app.onError((err, c) => {
    const op = c.get('op') ?? 'Request';
    if (err instanceof StreamError) {
      return c.json(
        errorBody(op, err.status, err.code, err.detail, duration(c)),
        err.status as ContentfulStatusCode,
      );
    }
    // A bug in the emulator: answer like Stream's internal error, and say so in the log.
    log(
      `internal error in ${op}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
    );
    const detail = err instanceof Error ? err.message : String(err);
    return c.json(errorBody(op, 500, ErrorCode.InternalSystem, detail, duration(c)), 500);
  });

  return app;
}
