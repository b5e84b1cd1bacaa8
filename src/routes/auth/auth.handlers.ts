import { requestServices, servicesFor } from '../../lib/services';
import type { AppRouteHandler } from '../../lib/types';
import * as accounts from '../../services/accounts';
import type { LoginRoute, RegisterRoute } from './auth.routes';

export const register: AppRouteHandler<RegisterRoute> = async (c) => {
  const result = await accounts.register(requestServices(c), c.req.valid('json'));
  return c.json(result, 201);
};

export const login: AppRouteHandler<LoginRoute> = async (c) => {
  const { email, password, tenant_id } = c.req.valid('json');
  const result = await accounts.login(servicesFor(c.env), { email, password, tenantId: tenant_id });
  return c.json(result, 200);
};
