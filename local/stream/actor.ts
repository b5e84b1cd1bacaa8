/**
 * Who an operation acts for. A user token acts as its user (a different `user_id` in the
 * body is refused); a server token must name the user (`user_id` or `user.id`), as Stream
 * requires for server-side reactions, reads and events.
 */
import type { Auth } from './env';
import { inputError, notAllowedError } from './errors';
import type { StreamStore } from './store';

export function actorId(
  store: StreamStore,
  auth: Auth,
  named: string | undefined,
  what: string,
): string {
  if (auth.kind === 'user') {
    if (named !== undefined && named !== auth.userId) {
      throw notAllowedError(
        `user_id "${named}" does not match the authenticated user "${auth.userId}"`,
      );
    }
    return auth.userId;
  }
  if (!named) throw inputError(`user_id is required for server side ${what}`);
  if (!store.users.has(named)) throw inputError(`user "${named}" does not exist`);
  return named;
}
