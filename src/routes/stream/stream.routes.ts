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
  description:
    'A short-lived Stream user token for an active session (401 `session_ended` once the session is signed out, ended by a password change or expired). Give it to the Stream SDK through a token provider, which asks again when Stream refuses the token: it expires after `STREAM_TOKEN_TTL_SECONDS` (10 minutes by default), and Stream refuses it earlier once the user signs out, changes the password or is removed from a tenant.',
  responses: () => ({
    200: jsonContent(
      z
        .object({
          token: z.string().meta({ description: 'Stream user token (JWT) for connectUser' }),
          api_key: z.string().meta({ description: 'The Stream app key for the SDK' }),
          user_id: z.uuid().meta({ description: 'The Stream user id: our user id' }),
          expires_at: z.iso.datetime().meta({ description: 'When the token expires (its exp)' }),
        })
        .meta({ id: 'StreamToken' }),
      'Token, valid for STREAM_TOKEN_TTL_SECONDS (10 minutes by default)',
    ),
    ...errorResponses(401),
  }),
});
