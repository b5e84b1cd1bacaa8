/**
 * The grant catalogue: which permission ids exist and which roles hold which ids by default.
 * Source: Stream's Permissions Reference
 * (https://getstream.io/chat/docs/node/permissions_reference/) and User Permissions
 * (https://getstream.io/chat/docs/node/chat_permission_policies/) pages. Every built-in channel
 * type starts from the `messaging` defaults here (real Stream gives livestream/commerce/... their
 * own tables; this product only uses `messaging`).
 */

/** Permission ids granted per channel type in Stream's default `messaging` table. */
const OWNER_GRANTS_OF_USER = [
  'add-links',
  'create-message',
  'create-attachment',
  'create-mention',
  'create-reaction',
  'delete-attachment',
  'delete-channel',
  'delete-message',
  'delete-reaction',
  'flag-message',
  'mute-channel',
  'pin-message',
  'read-channel',
  'read-channel-members',
  'recreate-channel',
  'remove-own-channel-membership',
  'run-message-action',
  'send-custom-event',
  'truncate-channel',
  'update-channel-members',
  'update-channel',
  'update-message',
  'upload-attachment',
].map((id) => `${id}-owner`);

/** The channel_member row. */
const CHANNEL_MEMBER = [
  'add-links',
  'create-call',
  'create-message',
  'create-attachment',
  'create-mention',
  'create-reaction',
  'flag-message',
  'join-call',
  'mute-channel',
  'pin-message',
  'read-channel',
  'read-channel-members',
  'remove-own-channel-membership',
  'run-message-action',
  'send-custom-event',
  'upload-attachment',
];

/** The channel_moderator row: the member set plus these. */
const CHANNEL_MODERATOR = [
  ...CHANNEL_MEMBER,
  'ban-channel-member',
  'create-system-message',
  'delete-attachment',
  'delete-message',
  'delete-reaction',
  'read-message-flags',
  'skip-channel-cooldown',
  'skip-message-moderation',
  'unblock-message',
  'update-channel',
  'update-channel-cooldown',
  'update-channel-frozen',
  'update-channel-members',
  'update-message',
];

/** admin holds every non-owner id, including these channel-wide ones. */
const ADMIN = [
  ...CHANNEL_MODERATOR,
  'ban-user',
  'create-channel',
  'delete-channel',
  'recreate-channel',
  'truncate-channel',
];

/** moderator = admin, but delete/recreate/truncate only as owner. */
const OWNER_ONLY_FOR_MODERATOR = new Set([
  'delete-channel',
  'recreate-channel',
  'truncate-channel',
]);
const MODERATOR = [
  ...ADMIN.filter((id) => !OWNER_ONLY_FOR_MODERATOR.has(id)),
  ...[...OWNER_ONLY_FOR_MODERATOR].map((id) => `${id}-owner`),
];

/** The default grants of a channel type, per role. guest/anonymous hold nothing. */
export const DEFAULT_GRANTS: Readonly<Record<string, readonly string[]>> = {
  user: ['create-channel', ...OWNER_GRANTS_OF_USER],
  channel_member: CHANNEL_MEMBER,
  channel_moderator: CHANNEL_MODERATOR,
  admin: ADMIN,
  moderator: MODERATOR,
  guest: [],
  anonymous: [],
};

/**
 * The `.app` scope's default grants (https://getstream.io/chat/docs/node/permissions_reference/,
 * "Scope .app"): user-level actions that belong to no channel type. `update-user-owner` is
 * changing one's own user (name, image, custom fields; never role or teams).
 */
const APP_USER = ['flag-user', 'mute-user', 'search-user', 'update-user-owner'];
export const DEFAULT_APP_GRANTS: Readonly<Record<string, readonly string[]>> = {
  admin: [...APP_USER, 'read-flag-reports', 'update-flag-report'],
  moderator: [...APP_USER, 'read-flag-reports', 'update-flag-report'],
  user: APP_USER,
  guest: APP_USER,
  anonymous: [],
};

/** Every id an `.app` grant list may contain. */
export function isKnownAppPermission(id: string): boolean {
  return Object.values(DEFAULT_APP_GRANTS).some((ids) => ids.includes(id));
}

/**
 * Roles a grant list may name: built-in app roles and channel roles (custom roles are not
 * emulated).
 */
export const KNOWN_ROLES = new Set(Object.keys(DEFAULT_GRANTS));

/**
 * Newer ids seen in 2025–26 permission dumps but not in the documented table (unsure). They may be
 * granted, so a setup that names them is accepted, but no emulated operation checks them.
 */
const NEWER_IDS = ['create-reply', 'cast-vote', 'query-votes', 'send-poll', 'update-thread'];

/**
 * `use-frozen-channel` is granted to nobody by default
 * (https://getstream.io/chat/docs/node/freezing_channels/).
 */
const UNGRANTED_IDS = ['use-frozen-channel', 'create-restricted-visibility-message'];

const BASE_IDS = new Set([...Object.values(DEFAULT_GRANTS).flat(), ...NEWER_IDS, ...UNGRANTED_IDS]);

/** Every id a grant list may contain: the base ids and their `-owner` forms. */
export function isKnownPermission(id: string): boolean {
  return BASE_IDS.has(id) || BASE_IDS.has(id.replace(/-owner$/, ''));
}
