/**
 * What a user token may do. Server tokens bypass every check (as in Stream). User tokens are
 * kept deliberately small here: they may read/create channels they are members of, send
 * messages to them and query channels (implicitly restricted to their own), nothing else.
 * With multi-tenancy on, a channel's `team` must also be one of the user's teams.
 */
import type { Auth } from './env';
import { notAllowedError } from './errors';
import type { ChannelRecord, StreamStore } from './store';
import { REALTIME_USER_OPERATIONS } from './user-operations';

/** Operations that accept a user token; everything else is server-side only here. */
export const USER_TOKEN_OPERATIONS = new Set([
  'GetOrCreateChannel',
  'SendMessage',
  'QueryChannels',
  // Frontend calls (branch realtime); their checks go through access.ts `assertUserMay`.
  ...REALTIME_USER_OPERATIONS,
]);

export function userTokenNotSupported(op: string) {
  return notAllowedError(
    `${op} is only available with server-side auth in the local Stream emulator (user tokens may call GetOrCreateChannel, SendMessage and QueryChannels)`,
  );
}

function roleOf(store: StreamStore, userId: string): string {
  return store.users.get(userId)?.role ?? 'user';
}

/** Stream's wording for a permission refusal. */
export function actionNotAllowed(
  store: StreamStore,
  userId: string,
  action: string,
  scope: string,
) {
  return notAllowedError(
    `User '${userId}' with role '${roleOf(store, userId)}' is not allowed to perform action ${action} in scope '${scope}'`,
  );
}

/** The team rule of multi-tenant apps: a channel's team must be one of the user's teams. */
export function teamAllows(store: StreamStore, userId: string, team: string | undefined): boolean {
  if (!store.app.multi_tenant_enabled || team === undefined) return true;
  return store.users.get(userId)?.teams.includes(team) ?? false;
}

/** Whether `auth` may see `channel` (members only, for user tokens). */
export function canAccessChannel(store: StreamStore, auth: Auth, channel: ChannelRecord): boolean {
  if (auth.kind === 'server') return true;
  return channel.members.has(auth.userId) && teamAllows(store, auth.userId, channel.team);
}

export function assertChannelAccess(
  store: StreamStore,
  auth: Auth,
  channel: ChannelRecord,
  action: string,
): void {
  if (auth.kind === 'user' && !canAccessChannel(store, auth, channel)) {
    throw actionNotAllowed(store, auth.userId, action, channel.type);
  }
}
