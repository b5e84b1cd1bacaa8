/**
 * Which actions a user token needs to change a channel (UpdateChannel, UpdateChannelPartial),
 * following the table in ./actions.ts: members → UpdateChannelMembers (removing only oneself →
 * RemoveOwnChannelMembership), a `frozen` flip → UpdateChannelFrozen, other fields or a whole-data
 * replace → UpdateChannel, a message → CreateSystemMessage. Two changes are refused to every user
 * token: channel roles ("can't be changed client-side",
 * https://getstream.io/chat/docs/node/chat_permission_policies/) and, in multi-tenant apps, the
 * channel's team (https://getstream.io/chat/docs/node/multi_tenant_chat/).
 */
import type { Action } from './actions';
import type { Auth } from './env';
import { notAllowedError } from './errors';
import { assertMembersInTeam, authorize } from './permissions';
import type { ChannelRecord, StreamStore } from './store';

export interface ChannelChange {
  addMembers: readonly string[];
  removeMembers: readonly string[];
  /** add_moderators / demote_moderators / assign_roles. */
  roleChanges: boolean;
  /** Fields set (or unset, as null): UpdateChannel `data`, or UpdateChannelPartial set/unset. */
  fields: Readonly<Record<string, unknown>>;
  /** UpdateChannel with `data` replaces all custom data, whatever the fields are. */
  replacesData: boolean;
  message: boolean;
}

export function authorizeChannelChange(
  store: StreamStore,
  auth: Auth,
  channel: ChannelRecord,
  change: ChannelChange,
): void {
  if (auth.kind === 'server') return;
  if (change.roleChanges) {
    throw notAllowedError('channel roles can only be changed with server-side auth');
  }
  const { fields } = change;
  const changesTeam = 'team' in fields && (fields.team ?? undefined) !== channel.team;
  if (store.app.multi_tenant_enabled && changesTeam) {
    // The 2021 wording; the 2025 code for every refusal is 17.
    throw notAllowedError('changing channel team is not allowed client-side');
  }

  const actions = new Set<Action>();
  if (change.addMembers.length > 0) actions.add('UpdateChannelMembers');
  if (change.removeMembers.length > 0) {
    const onlySelf = change.removeMembers.every((userId) => userId === auth.userId);
    actions.add(onlySelf ? 'RemoveOwnChannelMembership' : 'UpdateChannelMembers');
  }
  if ('frozen' in fields && (fields.frozen ?? false) !== channel.frozen) {
    actions.add('UpdateChannelFrozen');
  }
  if (change.replacesData || Object.keys(fields).some((key) => key !== 'frozen')) {
    actions.add('UpdateChannel');
  }
  if (change.message) actions.add('CreateSystemMessage');
  for (const action of actions) authorize(store, auth, { type: channel.type, channel }, action);
  assertMembersInTeam(store, auth, channel.team, change.addMembers);
}
