/**
 * Local-only control surface under `/__control` (not Stream's API, no Stream auth):
 *   GET  /__control/health          {ok: true}
 *   GET  /__control/state[?cid=]    what the emulator holds, for assertions in tests
 *   POST /__control/reset           forget all users, channels, messages and app settings
 *   GET|POST|DELETE /__control/faults   fault rules (see ../faults.ts)
 *   GET|DELETE /__control/webhooks, /__control/before-send   the hook record (webhooks/control.ts)
 * Reset leaves fault rules alone; clear those with DELETE /__control/faults. It cancels hook
 * calls in flight and clears the hook record.
 */
import { Hono } from 'hono';
import { type FaultInjector, faultControlRoutes } from '../faults';
import { presentUser } from './present';
import type { StreamStore } from './store';
import { hookControlRoutes } from './webhooks/control';
import type { Hooks } from './webhooks/hooks';

export function controlRoutes(store: StreamStore, faults: FaultInjector, hooks: Hooks): Hono {
  return new Hono()
    .get('/health', (c) => c.json({ ok: true }))
    .get('/state', (c) => {
      const cid = c.req.query('cid');
      const channels = [...store.channels.values()]
        .filter((channel) => cid === undefined || channel.cid === cid)
        .map((channel) => ({
          cid: channel.cid,
          type: channel.type,
          id: channel.id,
          team: channel.team ?? null,
          data: channel.custom,
          created_by_id: channel.created_by_id,
          frozen: channel.frozen,
          deleted_at: channel.deleted_at ?? null,
          members: [...channel.members.keys()],
          // Messages of the current incarnation (a recreated channel starts again at 0).
          message_count: store.currentMessages(channel).length,
        }));
      const messages = [...store.messages.values()]
        .filter((message) => cid === undefined || message.cid === cid)
        .map((message) => {
          const channel = store.channels.get(message.cid);
          return {
            id: message.id,
            cid: message.cid,
            user_id: message.user_id,
            text: message.text,
            type: message.type,
            created_at: message.created_at,
            deleted_at: message.deleted_at ?? null,
            ...(message.parent_id !== undefined ? { parent_id: message.parent_id } : {}),
            // Messages of a soft-deleted channel (or of its earlier life) are kept but hidden.
            hidden:
              !channel ||
              channel.deleted_at !== undefined ||
              channel.incarnation !== message.incarnation,
          };
        });
      // `mutes`: whom each user mutes (the SDK's `me.mutes`, which no server read shows).
      const users = [...store.users.values()].map((user) => ({
        ...presentUser(store, user),
        mutes: (user.mutes ?? []).map((m) => m.target_id),
      }));
      return c.json({ users, channels, messages });
    })
    .post('/reset', (c) => {
      hooks.reset();
      store.reset();
      return c.json({ ok: true });
    })
    .route('/faults', faultControlRoutes(faults))
    .route('/', hookControlRoutes(hooks));
}
