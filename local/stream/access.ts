/**
 * The one user-token permission check of the operations added for frontends (messages,
 * reactions, read state, typing, moderation). Server tokens pass. Channel-scoped actions go
 * through the grants model (permissions.ts `authorize`: the channel type's grants for the
 * user's app role and channel role, `-owner` grants for the resource's owner, team rule).
 *
 * App-scope actions are not in the channel-type grant tables: searching users and muting
 * are open to every user except guest/anonymous (the `.app` grants of role `user`), and
 * an app-wide ban checks `ban-user` in the `messaging` grants (admin/moderator by default).
 */
import type { Action } from './actions';
import type { Auth } from './env';
import { notAllowedError } from './errors';
import { authorize } from './permissions';
import type { ChannelRecord, StreamStore } from './store';

export type AppAction = 'SearchUser' | 'MuteUser';

export interface AccessTarget {
  /** The channel in scope; absent for app-scope actions. */
  channel?: ChannelRecord;
  /** Owner of the resource acted on (message sender, reaction author). */
  ownerId?: string;
}

const NO_APP_GRANTS = new Set(['guest', 'anonymous']);

export function assertUserMay(
  store: StreamStore,
  auth: Auth,
  action: Action | AppAction,
  target: AccessTarget = {},
): void {
  if (auth.kind === 'server') return;
  if (action === 'SearchUser' || action === 'MuteUser') {
    const role = store.users.get(auth.userId)?.role ?? 'user';
    if (NO_APP_GRANTS.has(role)) {
      throw notAllowedError(
        `User '${auth.userId}' with role '${role}' is not allowed to perform action ${action} in scope '.app'`,
      );
    }
    return;
  }
  const { channel, ownerId } = target;
  authorize(
    store,
    auth,
    {
      // App-wide actions (BanUser) are checked against the default type's grants.
      type: channel?.type ?? 'messaging',
      ...(channel ? { channel } : {}),
      ...(ownerId !== undefined ? { ownerId } : {}),
    },
    action,
  );
}
