import { createRouter } from '../../http/routes';
import * as handlers from './tenants.handlers';
import * as routes from './tenants.routes';

export const tenantsRouter = createRouter()
  .openapi(routes.list, handlers.list)
  .openapi(routes.create, handlers.create)
  .openapi(routes.switchToken, handlers.switchToken)
  .openapi(routes.listMembers, handlers.listMembers)
  .openapi(routes.changeRole, handlers.changeRole)
  .openapi(routes.removeMember, handlers.removeMember)
  .openapi(routes.remove, handlers.remove);
