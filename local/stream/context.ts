/**
 * What a route group needs, in one object: the store (which carries the event bus), the
 * operation deps (credentials, faults), the watch registry and the outgoing hooks. Every `register*Routes` takes
 * `(app, ctx)`, so a new dependency is added here once instead of to every signature.
 */
import type { Context } from 'hono';
import { assertNoWatch } from './channels';
import { actingUser, type StreamEnv } from './env';
import type { OperationDeps } from './operation';
import type { StreamStore } from './store';
import type { Hooks } from './webhooks/hooks';
import type { Watches } from './ws/connections';

export interface EmulatorContext {
  store: StreamStore;
  deps: OperationDeps;
  watches: Watches;
  hooks: Hooks;
}

/**
 * `watch: true` with `?connection_id=` subscribes that connection to the channels. Call
 * `checkWatch` before changing anything (a bad connection id then changes nothing) and
 * `applyWatch` once the channels are known.
 */
export function checkWatch(
  ctx: EmulatorContext,
  c: Context<StreamEnv>,
  body: { watch?: boolean | undefined; presence?: boolean | undefined },
): void {
  const connectionId = c.req.query('connection_id');
  assertNoWatch(body, connectionId);
  if (body.watch && connectionId) ctx.watches.assertOpen(connectionId, actingUser(c.get('auth')));
}

export function applyWatch(
  ctx: EmulatorContext,
  c: Context<StreamEnv>,
  body: { watch?: boolean | undefined },
  cids: string[],
): void {
  const connectionId = c.req.query('connection_id');
  if (!body.watch || !connectionId) return;
  for (const cid of cids) ctx.watches.watch(connectionId, actingUser(c.get('auth')), cid);
}
