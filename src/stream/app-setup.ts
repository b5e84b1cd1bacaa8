/**
 * Stream permissions as code: the one place that says how our Stream app must be set up
 * (docs/operations.md, "Stream app setup"; Stream's model:
 * https://getstream.io/chat/docs/node/chat_permission_policies/ and
 * https://getstream.io/chat/docs/node/permissions_reference/).
 *
 * Our API is the only writer of channels, memberships and users (Postgres is the source of
 * truth; the server creates `messaging` channels with `created_by_id` = the creating end user
 * and adds members itself). Frontends hold Stream user tokens, so:
 *  - the `messaging` type lets them read, watch and write in channels they are members of, and
 *    nothing that changes a channel: no create, no member changes (not even leaving), no channel
 *    data, frozen or delete; because the end user is the channel's `created_by`, no `*-owner`
 *    channel grant may remain;
 *  - every other channel type the app has (the built-in `team`, `livestream`, `gaming`,
 *    `commerce`, and any custom one) grants user tokens nothing: we never create channels of
 *    those types, so no user token may either;
 *  - the app scope (`.app`) drops `update-user-owner`: a user's name and fields in Stream are
 *    ours (src/sync/projection.ts), not something a user token may change;
 *  - with the API's public URL, Stream posts the events we act on to `/webhooks/stream` and asks
 *    `/webhooks/stream/before-send` before publishing a message a user sent.
 *
 * `configureStreamApp` is idempotent: it reads the channel types and `GET /app`, writes only
 * what differs, and says what it changed. Run by `npm run stream:setup` (any Stream app),
 * `npm run dev` and the test global setup (the emulator).
 */
import type { StreamChat } from 'stream-chat';
import { BEFORE_SEND_PATH, WEBHOOK_EVENTS, WEBHOOK_PATH } from './webhooks';

export const CHANNEL_TYPE = 'messaging';

/** What members may do in their channels; typing and read receipts are flags, see below. */
const MEMBER_GRANTS = [
  'read-channel', // query/watch the channel (watch = read + a connection); also gates typing events
  'read-channel-members', // member lists (channel.queryMembers)
  'create-message',
  'create-reply', // thread replies (the type has `replies` on); newer id, in 2025–26 defaults
  'create-attachment',
  'upload-attachment',
  'create-mention',
  'add-links',
  'create-reaction',
  'run-message-action', // the type's /giphy command (send/shuffle/cancel are message actions)
  'flag-message',
  'mute-channel', // a member muting the channel for themselves
  // Own messages and reactions. Held as channel_member (not user, as Stream's recipe does) so
  // that someone removed from a channel can no longer edit what they wrote there.
  'update-message-owner',
  'delete-message-owner',
  'delete-reaction-owner',
  'delete-attachment-owner',
];

/**
 * The `messaging` grants we set, per role; each list replaces that role's grants in Stream
 * (roles not named keep Stream's defaults: admin/moderator, which our users never get).
 * Dropped from Stream's defaults, on purpose: `create-channel` and every channel `*-owner` id
 * of `user` (our users own the channels the API creates for them), `update-channel`,
 * `update-channel-members`, `update-channel-frozen` (channel_moderator), and
 * `remove-own-channel-membership` (leaving is a membership change the API must make);
 * `pin-message`, `send-custom-event`, `create-call`/`join-call` (unused by our frontend).
 */
export const MESSAGING_GRANTS: Readonly<Record<string, readonly string[]>> = {
  user: [],
  channel_member: MEMBER_GRANTS,
  // The API never assigns channel roles; a moderator must not get channel edits back.
  channel_moderator: MEMBER_GRANTS,
  guest: [],
  anonymous: [],
};

/** Every other channel type: user tokens get nothing (roles not named keep Stream's defaults). */
export const LOCKED_GRANTS: Readonly<Record<string, readonly string[]>> = {
  user: [],
  channel_member: [],
  channel_moderator: [],
  guest: [],
  anonymous: [],
};

/**
 * App-scope grants of the roles our users have: Stream's defaults without `update-user-owner`
 * (own name, image, custom fields). Searching, muting and flagging users stay: frontends use
 * them, and multi-tenancy limits them to the user's own tenants.
 */
export const APP_GRANTS: Readonly<Record<string, readonly string[]>> = {
  user: ['flag-user', 'mute-user', 'search-user'],
  guest: [],
  anonymous: [],
};

/** Channel-type flags the frontend SDK needs (typing indicators, read state): not grants. */
export const MESSAGING_FLAGS = { typing_events: true, read_events: true } as const;

export interface StreamAppSummary {
  /** One line per change made, empty when the app already matched. */
  changes: string[];
  /** Differences this function will not fix (e.g. multi-tenancy cannot be turned off). */
  warnings: string[];
}

function difference(a: readonly string[], b: readonly string[]): string[] {
  const other = new Set(b);
  return a.filter((id) => !other.has(id)).sort();
}

function describe(
  scope: string,
  role: string,
  current: readonly string[],
  wanted: readonly string[],
) {
  const removed = difference(current, wanted);
  const added = difference(wanted, current);
  const parts = [
    ...(removed.length > 0 ? [`removed ${removed.join(', ')}`] : []),
    ...(added.length > 0 ? [`added ${added.join(', ')}`] : []),
  ];
  return `${scope} grants of ${role}: ${parts.join('; ')}`;
}

/** The roles whose grants differ from `wanted`, with a line for each. */
function grantChanges(
  scope: string,
  current: Record<string, string[]> | undefined,
  wanted: Readonly<Record<string, readonly string[]>>,
) {
  const grants: Record<string, string[]> = {};
  const lines: string[] = [];
  for (const [role, list] of Object.entries(wanted)) {
    const held = current?.[role] ?? [];
    if (difference(held, list).length > 0 || difference(list, held).length > 0) {
      grants[role] = [...list];
      lines.push(describe(scope, role, held, list));
    }
  }
  return { grants, lines };
}

type ChannelTypeSettings = Awaited<ReturnType<StreamChat['getChannelType']>>;

/** What one channel type must change: its grants and (messaging) the SDK's flags. */
async function configureType(
  client: StreamChat,
  name: string,
  type: ChannelTypeSettings,
  apply: boolean,
): Promise<string[]> {
  const { grants, lines } = grantChanges(
    name,
    type.grants,
    name === CHANNEL_TYPE ? MESSAGING_GRANTS : LOCKED_GRANTS,
  );
  const flags: Partial<Record<keyof typeof MESSAGING_FLAGS, boolean>> = {};
  if (name === CHANNEL_TYPE) {
    for (const [flag, wanted] of Object.entries(MESSAGING_FLAGS) as Array<
      [keyof typeof MESSAGING_FLAGS, boolean]
    >) {
      if (type[flag] !== wanted) {
        flags[flag] = wanted;
        lines.push(`${name} ${flag}: ${String(type[flag])} → ${wanted}`);
      }
    }
  }
  if (apply && lines.length > 0) {
    await client.updateChannelType(name, {
      // Required by the UpdateChannelType schema; sent back unchanged.
      automod: type.automod,
      automod_behavior: type.automod_behavior,
      max_message_length: type.max_message_length,
      ...flags,
      ...(Object.keys(grants).length > 0 ? { grants } : {}),
    });
  }
  return lines;
}

/** What the app must be set up for: its tenancy and, for webhooks, the API's public URL. */
export interface AppTarget {
  multiTenant: boolean;
  /** The API's public URL (`API_PUBLIC_URL`); without it, webhooks are left as they are. */
  publicUrl?: string;
}

type AppSettings = NonNullable<Awaited<ReturnType<StreamChat['getAppSettings']>>['app']>;

/** Where Stream must send its webhooks and the before-send hook, and which events. */
export function hookSettings(publicUrl: string) {
  const base = publicUrl.replace(/\/+$/, '');
  return {
    webhook_url: `${base}${WEBHOOK_PATH}`,
    webhook_events: [...WEBHOOK_EVENTS].sort(),
    before_message_send_hook_url: `${base}${BEFORE_SEND_PATH}`,
  };
}

/**
 * The app-level settings that differ from the target (webhooks, the before-send hook, `.app`
 * grants, multi-tenancy): the update to send, a line for each, and what cannot be fixed. Also
 * what `GET /health` reports as the setup's state.
 */
export function appSettingsPlan(app: AppSettings | undefined, target: AppTarget) {
  const update: Record<string, unknown> = {};
  const lines: string[] = [];
  const warnings: string[] = [];
  const appGrants = grantChanges('.app', app?.grants, APP_GRANTS);
  if (appGrants.lines.length > 0) {
    update.grants = appGrants.grants;
    lines.push(...appGrants.lines);
  }
  if (target.publicUrl) {
    const wanted = hookSettings(target.publicUrl);
    if (app?.webhook_url !== wanted.webhook_url) {
      update.webhook_url = wanted.webhook_url;
      lines.push(`webhook_url: ${app?.webhook_url || '(none)'} → ${wanted.webhook_url}`);
    }
    const events = [...(app?.webhook_events ?? [])].sort();
    if (events.join(',') !== wanted.webhook_events.join(',')) {
      update.webhook_events = wanted.webhook_events;
      lines.push(
        `webhook_events: ${events.join(', ') || '(all)'} → ${wanted.webhook_events.join(', ')}`,
      );
    }
    if (app?.before_message_send_hook_url !== wanted.before_message_send_hook_url) {
      update.before_message_send_hook_url = wanted.before_message_send_hook_url;
      lines.push(
        `before_message_send_hook_url: ${app?.before_message_send_hook_url || '(none)'} → ${wanted.before_message_send_hook_url}`,
      );
    }
  } else {
    warnings.push(
      "API_PUBLIC_URL is not set: Stream's webhooks and before-send hook are left as they are (set it to the API's public URL)",
    );
  }
  const multiTenant = app?.multi_tenant_enabled === true;
  if (target.multiTenant && !multiTenant) {
    update.multi_tenant_enabled = true;
    lines.push('multi-tenancy enabled');
  } else if (!target.multiTenant && multiTenant) {
    // Stream cannot turn it off, and the API would create team-less channels in it.
    warnings.push(
      'the Stream app has multi-tenancy on but STREAM_MULTI_TENANT is off; Stream cannot turn it off, set STREAM_MULTI_TENANT=true',
    );
  }
  return { update, lines, warnings };
}

/**
 * Makes the app match the target and returns what it changed (`dryRun`: what it would change,
 * changing nothing). Reads every channel type and the app settings, writes only what differs.
 */
export async function configureStreamApp(
  client: StreamChat,
  target: AppTarget,
  options: { dryRun?: boolean } = {},
): Promise<StreamAppSummary> {
  const [{ channel_types: types }, { app }] = await Promise.all([
    client.listChannelTypes(),
    client.getAppSettings(),
  ]);
  const apply = !options.dryRun;
  const changes = (
    await Promise.all(
      Object.entries(types).map(([name, type]) =>
        configureType(client, name, type as ChannelTypeSettings, apply),
      ),
    )
  ).flat();
  const plan = appSettingsPlan(app, target);
  if (apply && plan.lines.length > 0) await client.updateAppSettings(plan.update);
  changes.push(...plan.lines);
  return { changes, warnings: plan.warnings };
}
