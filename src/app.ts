import { createApp } from './lib/create-app';
import { authRouter } from './routes/auth/auth.index';
import { channelsRouter } from './routes/channels/channels.index';
import { healthRouter } from './routes/health/health.index';
import { messagesRouter } from './routes/messages/messages.index';
import { streamRouter } from './routes/stream/stream.index';
import { tenantsRouter } from './routes/tenants/tenants.index';

export const app = createApp()
  .route('/', healthRouter)
  .route('/', authRouter)
  .route('/', tenantsRouter)
  .route('/', channelsRouter)
  .route('/', messagesRouter)
  .route('/', streamRouter);

export type AppType = typeof app;
