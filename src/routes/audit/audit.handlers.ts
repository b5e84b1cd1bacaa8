import { tenantPrincipal } from '../../http/auth';
import type { AppRouteHandler } from '../../http/types';
import { servicesFor } from '../../runtime/services';
import { listAudit } from '../../services/audit';
import type * as routes from './audit.routes';

export const list: AppRouteHandler<typeof routes.list> = async (c) => {
  const p = tenantPrincipal(c.get('principal'));
  return c.json(await listAudit(servicesFor(c.env), p, c.req.valid('query')), 200);
};
