import { createRouter } from '../../http/routes';
import * as handlers from './moderation.handlers';
import * as routes from './moderation.routes';

export const moderationRouter = createRouter()
  .openapi(routes.createReport, handlers.createReport)
  .openapi(routes.listReports, handlers.listReports)
  .openapi(routes.resolveReport, handlers.resolveReport)
  .openapi(routes.createBan, handlers.createBan)
  .openapi(routes.listBans, handlers.listBans)
  .openapi(routes.liftBan, handlers.liftBan)
  .openapi(routes.getBlocklist, handlers.getBlocklist)
  .openapi(routes.putBlocklist, handlers.putBlocklist);
