import type { Context } from 'hono';
import { tenantPrincipal } from '../../auth/middleware';
import { servicesFor } from '../../lib/services';
import type { AppEnv, AppRouteHandler } from '../../lib/types';
import * as channels from '../../services/channels';
import type * as routes from './channels.routes';

/** Undo work that must outlive the response (see channels.Later). */
const later =
  (c: Context<AppEnv>): channels.Later =>
  (work) =>
    c.executionCtx.waitUntil(work);

export const create: AppRouteHandler<typeof routes.create> = async (c) => {
  const principal = tenantPrincipal(c.get('principal'));
  return c.json(
    await channels.createChannel(servicesFor(c.env), principal, c.req.valid('json'), later(c)),
    201,
  );
};

export const list: AppRouteHandler<typeof routes.list> = async (c) => {
  const { tenantId } = tenantPrincipal(c.get('principal'));
  return c.json(
    await channels.listChannels(servicesFor(c.env), tenantId, c.req.valid('query')),
    200,
  );
};

export const get: AppRouteHandler<typeof routes.get> = async (c) => {
  const { tenantId } = tenantPrincipal(c.get('principal'));
  const { stream_id } = c.req.valid('param');
  return c.json(await channels.getChannel(servicesFor(c.env), tenantId, stream_id), 200);
};

export const update: AppRouteHandler<typeof routes.update> = async (c) => {
  const { tenantId } = tenantPrincipal(c.get('principal'));
  const { stream_id } = c.req.valid('param');
  return c.json(
    await channels.updateChannel(
      servicesFor(c.env),
      tenantId,
      stream_id,
      c.req.valid('json'),
      later(c),
    ),
    200,
  );
};

export const archive: AppRouteHandler<typeof routes.archive> = async (c) => {
  const { tenantId } = tenantPrincipal(c.get('principal'));
  const { stream_id } = c.req.valid('param');
  return c.json(
    await channels.archiveChannel(servicesFor(c.env), tenantId, stream_id, later(c)),
    200,
  );
};

export const addMembers: AppRouteHandler<typeof routes.addMembers> = async (c) => {
  const { tenantId } = tenantPrincipal(c.get('principal'));
  const { stream_id } = c.req.valid('param');
  const { user_ids } = c.req.valid('json');
  const added = await channels.addChannelMembers(servicesFor(c.env), tenantId, stream_id, user_ids);
  return c.json({ stream_id, added }, 200);
};
