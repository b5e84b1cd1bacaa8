import { app } from './app';
import type { QueueMessage } from './core/types';
import { servicesFor, warmStreamClient } from './runtime/services';
import { resendUnsent } from './services/email-outbox';
import { consumeQueue } from './services/queue';
import { sweep } from './sync/sweep';

export type { AppType } from './app';

export default {
  async fetch(request, env, ctx) {
    const response = await app.fetch(request, env, ctx);
    warmStreamClient(env, ctx);
    return response;
  },
  // Queued repairs of Stream's projection (src/sync/outbox.ts) and Stream's webhook deliveries.
  async queue(batch, env) {
    await consumeQueue(servicesFor(env), batch);
  },
  // The daily sweep (wrangler.toml): the backstop behind the queue and the webhooks, and for
  // mail whose queue message was lost or ran out of retries.
  async scheduled(_controller, env, ctx) {
    const s = servicesFor(env);
    ctx.waitUntil(
      sweep(s).then((report) =>
        console.log(JSON.stringify({ level: 'info', code: 'stream_sweep', ...report })),
      ),
    );
    ctx.waitUntil(
      resendUnsent(s).then((report) =>
        console.log(JSON.stringify({ level: 'info', code: 'email_sweep', ...report })),
      ),
    );
  },
} satisfies ExportedHandler<CloudflareBindings, QueueMessage>;
