import { createRouter } from '../../http/routes';
import * as handlers from './me.handlers';
import * as routes from './me.routes';

export const meRouter = createRouter()
  .openapi(routes.get, handlers.get)
  .openapi(routes.update, handlers.update)
  .openapi(routes.changePassword, handlers.changePassword)
  .openapi(routes.deleteAccount, handlers.deleteAccount)
  .openapi(routes.exportData, handlers.exportData)
  .openapi(routes.changeEmail, handlers.changeEmail)
  .openapi(routes.listSessions, handlers.listSessions)
  .openapi(routes.removeAllSessions, handlers.removeAllSessions)
  .openapi(routes.removeSession, handlers.removeSession)
  .openapi(routes.createBlock, handlers.createBlock)
  .openapi(routes.listBlocks, handlers.listBlocks)
  .openapi(routes.removeBlock, handlers.removeBlock);
