/**
 * The grants model (https://getstream.io/chat/docs/node/chat_permission_policies/): a user-token
 * call is allowed when one of the subject's roles holds the action's permission id in the channel
 * type's grants, or holds `<id>-owner` and the user owns the resource. Subject = the user's app
 * role (`teams_role[team]` in multi-tenant apps, else `role`, default `user`) plus their channel
 * role (`channel_member` / `channel_moderator`) when they are a member. Server tokens bypass every
 * check. In multi-tenant apps a channel's `team` must also be one of the user's teams
 * (https://getstream.io/chat/docs/node/multi_tenant_chat/). The grant tables live in ./grants.ts,
 * the operation → action table in ./actions.ts.
 */
import { type Action, permissionId } from './actions';
import type { Auth } from './env';
import { notAllowedError } from './errors';
import { DEFAULT_GRANTS } from './grants';
import type { ChannelRecord, StreamStore } from './store';

export function userTokenNotSupported(op: string) {
  return notAllowedError(
    // The list of operations open to user tokens is long (local/stream/actions.ts); name the file.
    `${op} is only available with server-side auth in the local Stream emulator (user tokens may call the operations listed in local/stream/actions.ts)`,
  );
}

/** A channel type's grants: the defaults, with the roles an UpdateChannelType replaced. */
export function typeGrants(store: StreamStore, type: string): Record<string, string[]> {
  const replaced = store.channelTypes.get(type)?.grants ?? {};
  const grants: Record<string, string[]> = {};
  for (const [role, ids] of Object.entries(DEFAULT_GRANTS)) grants[role] = [...ids];
  return { ...grants, ...structuredClone(replaced) };
}

/**
 * The team rule of multi-tenant apps: "all user requests will always ensure that the request
 * applies to a team the user belongs to; if the user doesn't have a team set, it will only have
 * access to users and channels that don't have a team"
 * (https://getstream.io/chat/docs/node/multi_tenant_chat/). So a channel without a team is out of
 * reach of every user who has teams.
 */
export function teamAllows(store: StreamStore, userId: string, team: string | undefined): boolean {
  if (!store.app.multi_tenant_enabled) return true;
  const teams = store.users.get(userId)?.teams ?? [];
  return team === undefined ? teams.length === 0 : teams.includes(team);
}

const teamList = (teams: readonly string[]) => `[${teams.map((t) => `"${t}"`).join(' ')}]`;

/**
 * A user token may make members only of users in the channel's team ("all objects must belong
 * to the same team to be able to interact", same page); a team-less channel, only of users
 * without teams. The wording is ours: no public source shows Stream's.
 */
export function assertMembersInTeam(
  store: StreamStore,
  auth: Auth,
  team: string | undefined,
  memberIds: Iterable<string>,
) {
  if (auth.kind !== 'user' || !store.app.multi_tenant_enabled) return;
  for (const id of memberIds) {
    const teams = store.users.get(id)?.teams ?? [];
    const sameTeam = team === undefined ? teams.length === 0 : teams.includes(team);
    if (!sameTeam) {
      throw notAllowedError(
        `user "${id}" from teams ${teamList(teams)} cannot be a member of a channel of team "${team ?? ''}"`,
      );
    }
  }
}

/** The app role the user acts with: per-team roles apply in multi-tenant apps. */
function appRole(store: StreamStore, userId: string, team: string | undefined): string {
  const user = store.users.get(userId);
  const teamRole =
    store.app.multi_tenant_enabled && team !== undefined ? user?.teams_role?.[team] : undefined;
  return teamRole ?? user?.role ?? 'user';
}

/** What a check is about: a channel (existing, or about to be created with this team/owner). */
export interface Target {
  type: string;
  channel?: ChannelRecord;
  /** The team of a channel being created; defaults to the channel's team. */
  team?: string;
  /** Who owns the resource (channel → created_by, message → sender). */
  ownerId?: string;
}

function teamOf(target: Target): string | undefined {
  return target.team ?? target.channel?.team;
}

export function isAllowed(
  store: StreamStore,
  userId: string,
  target: Target,
  action: Action,
): boolean {
  return holdsPermission(store, userId, target, permissionId(action));
}

/** The check by permission id (`send-message` etc.); `isAllowed` names an action instead. */
export function holdsPermission(
  store: StreamStore,
  userId: string,
  target: Target,
  id: string,
): boolean {
  const team = teamOf(target);
  if (!teamAllows(store, userId, team)) return false;
  const grants = typeGrants(store, target.type);
  const roles = [appRole(store, userId, team)];
  const channelRole = target.channel?.members.get(userId)?.channel_role;
  if (channelRole) roles.push(channelRole);
  const owner = (target.ownerId ?? target.channel?.created_by_id) === userId;
  return roles.some((role) => {
    const held = grants[role] ?? [];
    return held.includes(id) || (owner && held.includes(`${id}-owner`));
  });
}

/**
 * Stream's 2025 refusal wording (observed; local/stream/README.md, "Grants"); multi-tenant apps
 * name the team the role was taken from, which here is the channel's team (the team whose
 * `teams_role` applies).
 */
export function actionNotAllowed(
  store: StreamStore,
  userId: string,
  target: Target,
  action: Action,
) {
  const team = teamOf(target);
  if (store.app.multi_tenant_enabled && team === undefined && !teamAllows(store, userId, team)) {
    // Observed wording for a user with teams and a channel without one.
    const teams = store.users.get(userId)?.teams ?? [];
    return notAllowedError(
      `User '${userId}' with role '${appRole(store, userId, team)}' from teams [${teams.map((t) => `'${t}'`).join(',')}] cannot access resource in scope '${target.type}' because requested resource does not belong to any team`,
    );
  }
  const fromTeam =
    store.app.multi_tenant_enabled && team !== undefined ? ` from team '${team}'` : '';
  return notAllowedError(
    `User '${userId}' with role '${appRole(store, userId, team)}'${fromTeam} is not allowed to perform action ${action} in scope '${target.type}'`,
  );
}

/** Throws Stream's 403/17 unless `auth` may perform `action` on `target`. */
export function authorize(store: StreamStore, auth: Auth, target: Target, action: Action): void {
  if (auth.kind === 'user' && !isAllowed(store, auth.userId, target, action)) {
    throw actionNotAllowed(store, auth.userId, target, action);
  }
}

/** Whether `auth` may read `channel` (QueryChannels lists only these). */
export function canReadChannel(store: StreamStore, auth: Auth, channel: ChannelRecord): boolean {
  return (
    auth.kind === 'server' ||
    isAllowed(store, auth.userId, { type: channel.type, channel }, 'ReadChannel')
  );
}
