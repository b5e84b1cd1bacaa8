import type { AppRouteHandler } from '../../http/types';
import { servicesFor } from '../../runtime/services';
import { streamTokenNotBefore } from '../../services/stream-access';
import { signUserToken } from '../../stream/tokens';
import type * as routes from './stream.routes';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A Stream user token for an active session. Short-lived (`STREAM_TOKEN_TTL_SECONDS`): Stream
 * closes a socket when its token expires, and the SDK's token provider then asks here again,
 * which bounds how long an open socket outlives a sign-out. No upstream trip but the session read.
 */
export const token: AppRouteHandler<typeof routes.token> = async (c) => {
  const s = servicesFor(c.env);
  const { userId } = c.get('principal');
  const notBefore = await streamTokenNotBefore(s, c.get('principal'));
  // Just after a revocation (at most a second): a token issued earlier would be refused.
  const wait = notBefore - Date.now();
  if (wait > 0) await sleep(wait);
  const issuedAt = new Date();
  // Whole seconds, so `expires_at` is exactly the token's `exp` claim.
  const expiresAt = new Date(
    (Math.floor(issuedAt.getTime() / 1000) + s.config.stream.tokenTtlSeconds) * 1000,
  );
  const streamToken = await signUserToken(s.config.stream.apiSecret, userId, expiresAt, issuedAt);
  return c.json(
    {
      token: streamToken,
      api_key: s.config.stream.apiKey,
      user_id: userId,
      expires_at: expiresAt.toISOString(),
    },
    200,
  );
};
