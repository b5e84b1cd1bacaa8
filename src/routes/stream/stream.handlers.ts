import type { AppRouteHandler } from '../../http/types';
import { servicesFor } from '../../runtime/services';
import { signUserToken } from '../../stream/tokens';
import type * as routes from './stream.routes';

// Stream user tokens are long-lived by Stream's standards; frontends refresh through a token
// provider. No upstream trip: the token is signed here.
const STREAM_TOKEN_TTL_SECONDS = 3600;

export const token: AppRouteHandler<typeof routes.token> = async (c) => {
  const { config } = servicesFor(c.env);
  const { userId } = c.get('principal');
  // Whole seconds, so `expires_at` is exactly the token's `exp` claim.
  const expiresAt = new Date((Math.floor(Date.now() / 1000) + STREAM_TOKEN_TTL_SECONDS) * 1000);
  const streamToken = await signUserToken(config.stream.apiSecret, userId, expiresAt);
  return c.json(
    {
      token: streamToken,
      api_key: config.stream.apiKey,
      user_id: userId,
      expires_at: expiresAt.toISOString(),
    },
    200,
  );
};
