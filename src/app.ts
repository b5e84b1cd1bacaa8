import { createApp } from './http/create-app';
import { auditRouter } from './routes/audit/audit.index';
import { authRouter } from './routes/auth/auth.index';
import { channelsRouter } from './routes/channels/channels.index';
import { docsRouter } from './routes/docs/docs.index';
import { healthRouter } from './routes/health/health.index';
import { invitationsRouter } from './routes/invitations/invitations.index';
import { meRouter } from './routes/me/me.index';
import { messagesRouter } from './routes/messages/messages.index';
import { moderationRouter } from './routes/moderation/moderation.index';
import { streamRouter } from './routes/stream/stream.index';
import { tenantsRouter } from './routes/tenants/tenants.index';
import { webhooksRouter } from './routes/webhooks/webhooks.index';

export const app = createApp()
  .route('/', healthRouter)
  .route('/', authRouter)
  .route('/', meRouter)
  .route('/', tenantsRouter)
  .route('/', invitationsRouter)
  .route('/', channelsRouter)
  .route('/', messagesRouter)
  .route('/', moderationRouter)
  .route('/', auditRouter)
  .route('/', streamRouter)
  .route('/', webhooksRouter);

app.route('/', docsRouter);

/** The API's type for `hc<AppType>` (hono/client): typed requests and responses. */
export type AppType = typeof app;
