import { tenantPrincipal } from '../../http/auth';
import { requestServices } from '../../http/request-services';
import type { AppRouteHandler } from '../../http/types';
import { servicesFor } from '../../runtime/services';
import * as channels from '../../services/channels';
import type * as routes from './channels.routes';

export const create: AppRouteHandler<typeof routes.create> = async (c) => {
  const principal = tenantPrincipal(c.get('principal'));
  return c.json(
    await channels.createChannel(requestServices(c), principal, c.req.valid('json')),
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
  const principal = tenantPrincipal(c.get('principal'));
  const { stream_id } = c.req.valid('param');
  return c.json(
    await channels.updateChannel(requestServices(c), principal, stream_id, c.req.valid('json')),
    200,
  );
};

export const archive: AppRouteHandler<typeof routes.archive> = async (c) => {
  const principal = tenantPrincipal(c.get('principal'));
  const { stream_id } = c.req.valid('param');
  return c.json(await channels.archiveChannel(requestServices(c), principal, stream_id), 200);
};

export const addMembers: AppRouteHandler<typeof routes.addMembers> = async (c) => {
  const principal = tenantPrincipal(c.get('principal'));
  const { stream_id } = c.req.valid('param');
  const { user_ids } = c.req.valid('json');
  const added = await channels.addChannelMembers(
    requestServices(c),
    principal,
    stream_id,
    user_ids,
  );
  return c.json({ stream_id, added }, 200);
};
