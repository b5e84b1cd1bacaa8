import { createRouter } from '../../http/routes';
import * as handlers from './webhooks.handlers';
import * as routes from './webhooks.routes';

export const webhooksRouter = createRouter()
  .openapi(routes.streamWebhook, handlers.streamWebhook)
  .openapi(routes.beforeSend, handlers.beforeSend);
