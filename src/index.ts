import { app } from './app';
import { servicesFor } from './lib/services';
import { reconcilePendingChannels } from './services/channels';

export type { AppType } from './app';

export default {
  fetch: app.fetch,
  // Cron trigger (wrangler.toml): rolls back channel creations that never finished.
  async scheduled(_controller, env, ctx) {
    ctx.waitUntil(
      reconcilePendingChannels(servicesFor(env)).then((result) =>
        console.log(JSON.stringify({ level: 'info', code: 'reconciled_channels', ...result })),
      ),
    );
  },
} satisfies ExportedHandler<CloudflareBindings>;
