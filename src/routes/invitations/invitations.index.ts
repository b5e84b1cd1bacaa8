import { createRouter } from '../../http/routes';
import * as handlers from './invitations.handlers';
import * as routes from './invitations.routes';

export const invitationsRouter = createRouter()
  .openapi(routes.create, handlers.create)
  .openapi(routes.listForTenant, handlers.listForTenant)
  .openapi(routes.revoke, handlers.revoke)
  .openapi(routes.listMine, handlers.listMine)
  .openapi(routes.accept, handlers.accept)
  .openapi(routes.decline, handlers.decline);
