import { requestServices } from '../../http/request-services';
import type { AppRouteHandler } from '../../http/types';
import { servicesFor } from '../../runtime/services';
import * as invitations from '../../services/invitations';
import type * as routes from './invitations.routes';

export const create: AppRouteHandler<typeof routes.create> = async (c) => {
  const { id } = c.req.valid('param');
  const invitation = await invitations.invite(
    requestServices(c),
    c.get('principal').userId,
    id,
    c.req.valid('json'),
  );
  return c.json({ invitation }, 201);
};

export const listForTenant: AppRouteHandler<typeof routes.listForTenant> = async (c) => {
  const { id } = c.req.valid('param');
  const list = await invitations.listForTenant(servicesFor(c.env), c.get('principal').userId, id);
  return c.json({ invitations: list }, 200);
};

export const revoke: AppRouteHandler<typeof routes.revoke> = async (c) => {
  const { id, inv_id } = c.req.valid('param');
  await invitations.revoke(requestServices(c), c.get('principal').userId, id, inv_id);
  return c.body(null, 204);
};

export const listMine: AppRouteHandler<typeof routes.listMine> = async (c) => {
  const list = await invitations.listMine(servicesFor(c.env), c.get('principal').userId);
  return c.json({ invitations: list }, 200);
};

export const accept: AppRouteHandler<typeof routes.accept> = async (c) => {
  const { inv_id } = c.req.valid('param');
  return c.json(await invitations.accept(requestServices(c), c.get('principal'), inv_id), 200);
};

export const decline: AppRouteHandler<typeof routes.decline> = async (c) => {
  const { inv_id } = c.req.valid('param');
  await invitations.decline(servicesFor(c.env), c.get('principal'), inv_id);
  return c.body(null, 204);
};
