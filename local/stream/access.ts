/**
 * The one user-token permission check of the operations added for frontends (messages,
 * reactions, read state, typing, moderation). Server tokens pass. Channel-scoped actions go
 * through the grants model (permissions.ts `authorize`: the channel type's grants for the
 * user's app role and channel role, `-owner` grants for the resource's owner, team rule).
 *
 * App-scope actions are not in the channel-type grant tables: searching users, muting, flagging
 * a user and updating one's own user are the `.app` grants (Stream's defaults, as replaced by
 * `PATCH /app {grants}`); an app-wide ban checks `ban-user` in the `messaging` grants
 * (admin/moderator by default).
 */
import type { Action } from './actions';
import type { Auth } from './env';
import { notAllowedError } from './errors';
import { DEFAULT_APP_GRANTS } from './grants';
import { authorize } from './permissions';
import type { ChannelRecord, StreamStore } from './store';

/** App-scope actions and their permission ids (the `-owner` one is about the user themself). */
const APP_ACTIONS = {
  SearchUser: 'search-user',
  MuteUser: 'mute-user',
  FlagUser: 'flag-user',
  UpdateUser: 'update-user-owner',
  QueryMessageFlags: 'read-flag-reports',
} as const;

export type AppAction = keyof typeof APP_ACTIONS;

/** The `.app` grants: the defaults, with the roles `PATCH /app {grants}` replaced. */
export function appGrants(store: StreamStore): Record<string, readonly string[]> {
  return { ...DEFAULT_APP_GRANTS, ...store.app.grants };
}

const isAppAction = (action: string): action is AppAction => Object.hasOwn(APP_ACTIONS, action);

export interface AccessTarget {
  /** The channel in scope; absent for app-scope actions. */
  channel?: ChannelRecord;
  /** Owner of the resource acted on (message sender, reaction author). */
  ownerId?: string;
}

export function assertUserMay(
  store: StreamStore,
  auth: Auth,
  action: Action | AppAction,
  target: AccessTarget = {},
): void {
  if (auth.kind === 'server') return;
  if (isAppAction(action)) {
    const role = store.users.get(auth.userId)?.role ?? 'user';
    if (!(appGrants(store)[role] ?? []).includes(APP_ACTIONS[action])) {
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
