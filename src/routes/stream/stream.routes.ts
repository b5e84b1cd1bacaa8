import * as z from 'zod';
import { requireAuth } from '../../http/auth';
import { defineRoute } from '../../http/routes';
import { BEARER, errorResponses, jsonContent } from '../common.schemas';

export const token = defineRoute({
  middleware: [requireAuth],
  security: BEARER,
  tags: ['Stream'],
  method: 'get',
  path: '/stream/token',
  summary: 'A Stream user token for the frontend SDK (connectUser)',
  responses: () => ({
    200: jsonContent(
      z
        .object({
          token: z.string(),
          api_key: z.string(),
          user_id: z.uuid(),
          expires_at: z.iso.datetime(),
        })
        .meta({ id: 'StreamToken' }),
      'Token, valid for one hour',
    ),
    ...errorResponses(401),
  }),
});
