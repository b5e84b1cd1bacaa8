import { createRouter } from '../../http/routes';
import * as handlers from './stream.handlers';
import * as routes from './stream.routes';

export const streamRouter = createRouter().openapi(routes.token, handlers.token);
