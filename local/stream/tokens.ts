/**
 * Token checks that need the emulator's state, shared by REST (auth.ts) and the WebSocket
 * (ws/connect.ts): revocation (https://getstream.io/chat/docs/node/tokens_and_authentication/).
 *
 * A user's `revoke_tokens_issued_before` refuses that user's tokens whose `iat` is earlier,
 * and every token of that user without `iat` (Stream treats those as invalid once a
 * revocation date is set). The app-wide date does the same for every user token; server
 * tokens are never revoked here, since the backend's own `{"server":true}` token has no
 * `iat` and revoking it would lock the app out of its own emulator. Times compare at whole
 * seconds, the resolution of `iat`.
 */
import { ErrorCode, StreamError } from './errors';
import type { VerifiedClaims } from './jwt';
import type { StreamStore } from './store';

export const REVOKED_TOKEN_MESSAGE = 'This token has been revoked, please generate a new token';

function issuedBefore(claims: VerifiedClaims, before: string | undefined): boolean {
  if (before === undefined) return false;
  const beforeSeconds = Math.floor(Date.parse(before) / 1000);
  return typeof claims.iat !== 'number' || claims.iat < beforeSeconds;
}

/** Throws Stream's code-40 error when a user token was revoked. */
export function assertNotRevoked(store: StreamStore, claims: VerifiedClaims): void {
  if (claims.user_id === undefined) return;
  const user = store.users.get(claims.user_id);
  if (
    issuedBefore(claims, store.app.revoke_tokens_issued_before) ||
    issuedBefore(claims, user?.revoke_tokens_issued_before)
  ) {
    throw new StreamError(401, ErrorCode.TokenExpired, REVOKED_TOKEN_MESSAGE);
  }
}
