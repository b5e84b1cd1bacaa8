/**
 * Stream JWTs signed with WebCrypto (through hono/jwt). The SDK's own signer is jsonwebtoken,
 * which is an empty stub in the build Workers load, so we mint the same tokens ourselves.
 */
import { sign } from 'hono/jwt';
import { hmacKey } from '../core/hmac-key';

/** Server token: HS256 over exactly {"server":true}, no iat/exp, as the SDK's JWTServerToken. */
export async function signServerToken(apiSecret: string): Promise<string> {
  return sign({ server: true }, await hmacKey(apiSecret), 'HS256');
}

/** User token for the frontend SDK's connectUser: {"user_id", "iat", "exp"}. */
export async function signUserToken(
  apiSecret: string,
  userId: string,
  expiresAt: Date,
  issuedAt = new Date(),
): Promise<string> {
  const seconds = (d: Date) => Math.floor(d.getTime() / 1000);
  return sign(
    { user_id: userId, iat: seconds(issuedAt), exp: seconds(expiresAt) },
    await hmacKey(apiSecret),
    'HS256',
  );
}
