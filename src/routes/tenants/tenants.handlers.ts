import { requestServices } from '../../http/request-services';
import type { AppRouteHandler } from '../../http/types';
import { servicesFor } from '../../runtime/services';
import * as tenantDeletion from '../../services/tenant-deletion';
import * as tenants from '../../services/tenants';
import type * as routes from './tenants.routes';

export const list: AppRouteHandler<typeof routes.list> = async (c) => {
  const result = await tenants.listTenants(servicesFor(c.env), c.get('principal').userId);
  return c.json({ tenants: result }, 200);
};

export const create: AppRouteHandler<typeof routes.create> = async (c) => {
  const { name } = c.req.valid('json');
  return c.json(await tenants.createTenant(requestServices(c), c.get('principal'), name), 201);
};

export const switchToken: AppRouteHandler<typeof routes.switchToken> = async (c) => {
  const { id } = c.req.valid('param');
  return c.json(await tenants.switchTenant(servicesFor(c.env), c.get('principal'), id), 200);
};

export const listMembers: AppRouteHandler<typeof routes.listMembers> = async (c) => {
  const { id } = c.req.valid('param');
  const members = await tenants.listMembers(servicesFor(c.env), c.get('principal').userId, id);
  return c.json({ members }, 200);
};

export const changeRole: AppRouteHandler<typeof routes.changeRole> = async (c) => {
  const { id, user_id } = c.req.valid('param');
  const { role } = c.req.valid('json');
  const member = await tenants.changeRole(
    requestServices(c),
    c.get('principal').userId,
    id,
    user_id,
    role,
  );
  return c.json({ member }, 200);
};

export const removeMember: AppRouteHandler<typeof routes.removeMember> = async (c) => {
  const { id, user_id } = c.req.valid('param');
  await tenants.removeMember(requestServices(c), c.get('principal').userId, id, user_id);
  return c.body(null, 204);
};

export const remove: AppRouteHandler<typeof routes.remove> = async (c) => {
  const { id } = c.req.valid('param');
  const { confirm_name } = c.req.valid('json');
  await tenantDeletion.deleteTenant(
    requestServices(c),
    c.get('principal').userId,
    id,
    confirm_name,
  );
  return c.body(null, 204);
};
