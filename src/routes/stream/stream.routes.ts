import { createRoute, z } from '@hono/zod-openapi';
import { requireAuth } from '../../auth/middleware';
import { BEARER, errorResponses, jsonContent } from '../common.schemas';

export const token = createRoute({
  middleware: [requireAuth],
  security: BEARER,
  tags: ['Stream'],
  method: 'get',
  path: '/stream/token',
  summary: 'A Stream user token for the frontend SDK (connectUser)',
  responses: {
    200: jsonContent(
      z
        .object({
          token: z.string(),
          api_key: z.string(),
          user_id: z.uuid(),
          expires_at: z.iso.datetime(),
        })
        .openapi('StreamToken'),
      'Token, valid for one hour',
    ),
    ...errorResponses(401),
  },
});
