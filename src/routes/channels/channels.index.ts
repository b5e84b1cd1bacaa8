import { createRouter } from '../../http/routes';
import * as handlers from './channels.handlers';
import * as routes from './channels.routes';

export const channelsRouter = createRouter()
  .openapi(routes.create, handlers.create)
  .openapi(routes.list, handlers.list)
  .openapi(routes.get, handlers.get)
  .openapi(routes.update, handlers.update)
  .openapi(routes.archive, handlers.archive)
  .openapi(routes.addMembers, handlers.addMembers);
