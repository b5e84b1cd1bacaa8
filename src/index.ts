import { app } from './app';
import type { RepairMessage } from './core/types';
import { servicesFor, warmStreamClient } from './runtime/services';
import { consumeRepairs } from './sync/repair';
import { sweep } from './sync/sweep';

export type { AppType } from './app';

export default {
  async fetch(request, env, ctx) {
    const response = await app.fetch(request, env, ctx);
    warmStreamClient(env, ctx);
    return response;
  },
  // Queued repairs of Stream's projection (src/sync/outbox.ts), with the queue's retries.
  async queue(batch, env) {
    await consumeRepairs(servicesFor(env), batch);
  },
  // The hourly sweep (wrangler.toml): the backstop behind the queue.
  async scheduled(_controller, env, ctx) {
    ctx.waitUntil(
      sweep(servicesFor(env)).then((report) =>
        console.log(JSON.stringify({ level: 'info', code: 'stream_sweep', ...report })),
      ),
    );
  },
} satisfies ExportedHandler<CloudflareBindings, RepairMessage>;
