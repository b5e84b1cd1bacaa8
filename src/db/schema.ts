import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  foreignKey,
  index,
  integer,
  pgEnum,
  pgSequence,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

export const memberRole = pgEnum('member_role', ['admin', 'moderator', 'member']);

/**
 * A channel's state. Creation writes the row `active` at once, with its sync marker, which is what
 * makes Stream follow (src/services/channels.ts). No request writes `pending`; a `pending` row is
 * invisible to the API, and the channel's repair deletes it with its Stream channel
 * (src/sync/converge.ts).
 */
export const channelStatus = pgEnum('channel_status', ['pending', 'active']);

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey(),
    /** As the user typed it (trimmed); uniqueness is case-insensitive through the index below. */
    email: text('email').notNull(),
    name: text('name').notNull(),
    /** Self-describing: pbkdf2-sha256$<iterations>$<salt b64>$<hash b64>. */
    passwordHash: text('password_hash').notNull(),
    /**
     * Stream must refuse this user's Stream tokens issued before this instant (a password
     * change): part of the Stream user's projection, pushed as `revoke_tokens_issued_before`.
     */
    streamTokensRevokedBefore: timestamp('stream_tokens_revoked_before', { withTimezone: true }),
    /**
     * When the holder proved they read mail at `email` (a verification link); null until then.
     * Accounts made before verification existed start unverified (docs/email.md).
     */
    emailVerifiedAt: timestamp('email_verified_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('users_email_lower_key').on(sql`lower(${t.email})`)],
);

export const tenants = pgTable('tenants', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
  /** Null once its creator deleted their account (docs/account-deletion.md). */
  createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
  createdAt: createdAt(),
});

export const memberships = pgTable(
  'memberships',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: memberRole('role').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.userId] }),
    index('memberships_user_idx').on(t.userId),
  ],
);

export const channels = pgTable(
  'channels',
  {
    id: uuid('id').primaryKey(),
    /** Stream's channel id (type `messaging`): its own column, not the primary key. */
    streamId: text('stream_id').notNull().unique('channels_stream_id_key'),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    /** Null once its creator deleted their account (docs/account-deletion.md). */
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    status: channelStatus('status').notNull().default('pending'),
    createdAt: createdAt(),
    archivedAt: timestamp('archived_at', { withTimezone: true }),
  },
  (t) => [
    // Names are unique among a tenant's live channels; an archived name can be reused. Compared
    // by channel_name_key() (drizzle/0003): case-folded, NFKC (full-width "Ｘ" is "X"), joiners
    // and variation selectors ignored (the API drops other invisible characters: common.schemas.ts).
    uniqueIndex('channels_tenant_name_key')
      .on(t.tenantId, sql`channel_name_key(${t.name})`)
      .where(sql`${t.archivedAt} is null`),
    index('channels_tenant_created_idx').on(t.tenantId, t.createdAt.desc(), t.id.desc()),
    check('channels_name_not_blank', sql`length(trim(${t.name})) > 0`),
    // Target of channel_members' (channel, tenant) key: a channel member's tenant is the channel's.
    unique('channels_id_tenant_key').on(t.id, t.tenantId),
  ],
);

/**
 * Who is a member of which Stream channel, as our database decides it (added by an admin or
 * moderator, the creator, or a member's first send). Stream's channel members are its
 * projection: the repairs add the missing and remove the rest.
 *
 * A channel membership needs a tenant membership, and the database enforces it: the row carries
 * its channel's tenant and references the (tenant, user) membership with ON DELETE CASCADE. So a
 * removal from a tenant takes every channel membership with it, including one that a send
 * writes at the same moment (a plain DELETE would not see that uncommitted row), and a send that
 * loses the race fails on the foreign key instead of leaving a member nobody can remove.
 */
export const channelMembers = pgTable(
  'channel_members',
  {
    channelId: uuid('channel_id').notNull(),
    tenantId: uuid('tenant_id').notNull(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.channelId, t.userId] }),
    index('channel_members_user_idx').on(t.userId),
    foreignKey({
      name: 'channel_members_channel_fk',
      columns: [t.channelId, t.tenantId],
      foreignColumns: [channels.id, channels.tenantId],
    }).onDelete('cascade'),
    foreignKey({
      name: 'channel_members_membership_fk',
      columns: [t.tenantId, t.userId],
      foreignColumns: [memberships.tenantId, memberships.userId],
    }).onDelete('cascade'),
  ],
);

/**
 * What Stream must be brought in line with (see src/sync/outbox.ts). A write upserts a marker
 * in the same statement or batch as its change; the marker goes once Stream is known to show
 * the database's state. `kind` names the aggregate whose converge function repairs it:
 * `user` (Stream user: name, teams), `channel` (by stream id: data, frozen, members, or gone),
 * `membership` (`<tenant>:<user>`: the user out of every tenant channel the database does not
 * give them, and banned where our bans say), `message` (by Stream message id: deleted as
 * `message_deletions` says), `report` (by report id: flagged in Stream while open).
 */
export const syncKind = pgEnum('stream_sync_kind', [
  'user',
  'channel',
  'membership',
  'message',
  'report',
]);

/**
 * Marker versions: one sequence for all markers, so a marker deleted and written again never
 * reuses a `seq` that an older push still holds.
 */
export const streamSyncSeq = pgSequence('stream_sync_seq');

export const streamSync = pgTable(
  'stream_sync',
  {
    kind: syncKind('kind').notNull(),
    key: text('key').notNull(),
    /** Set anew by every write; only a clear that saw the latest value may delete the marker. */
    seq: bigint('seq', { mode: 'number' }).notNull().default(sql`nextval('stream_sync_seq')`),
    /** A second write came while the marker stood: no inline push may clear it, only a repair. */
    contended: boolean('contended').notNull().default(false),
    /** Not repaired before: the inline push owns the marker until then. */
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    /** A repair is converging it; inline clears wait. */
    claimedUntil: timestamp('claimed_until', { withTimezone: true }),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.kind, t.key] }), index('stream_sync_due_idx').on(t.dueAt)],
);

/**
 * Stream webhook deliveries already acted on, by `X-Webhook-Id` (the same on Stream's retries),
 * so a retry has no second effect. Kept a week (the sweep deletes older ones); Stream retries
 * within 15 seconds.
 */
export const streamWebhookEvents = pgTable('stream_webhook_events', {
  id: text('id').primaryKey(),
  createdAt: createdAt(),
});

/** One row of sweep bookkeeping: when the last scan for ownerless Stream channels ran. */
export const sweepState = pgTable('sweep_state', {
  id: integer('id').primaryKey().default(1),
  orphanScanAt: timestamp('orphan_scan_at', { withTimezone: true }),
});

/**
 * A signed-in device: one refresh-token family (RFC 9700 §4.14). Sliding expiry (`expires_at`,
 * 30 days after last use) capped by `absolute_expires_at` (90 days after sign-in).
 */
export const sessions = pgTable(
  'sessions',
  {
    id: uuid('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** The tenant its access tokens were last scoped to (a refresh keeps it if still a member). */
    tenantId: uuid('tenant_id').references(() => tenants.id, { onDelete: 'set null' }),
    deviceLabel: text('device_label').notNull(),
    userAgent: text('user_agent').notNull().default(''),
    createdAt: createdAt(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    absoluteExpiresAt: timestamp('absolute_expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    /** logout, logout_all, device_removed, password_changed, refresh_token_reused */
    revokedReason: text('revoked_reason'),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

/** Refresh tokens by SHA-256 (the token itself is never stored); rotated ones stay for reuse detection. */
export const refreshTokens = pgTable(
  'refresh_tokens',
  {
    tokenHash: text('token_hash').primaryKey(),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
    /** Set when exchanged; presenting it again after the grace window revokes the session. */
    rotatedAt: timestamp('rotated_at', { withTimezone: true }),
  },
  (t) => [index('refresh_tokens_session_idx').on(t.sessionId)],
);

/**
 * Failed sign-ins against an account from devices it does not trust (src/services/sign-in-throttle.ts):
 * `streak` failures in a row (a success sets it to 0) slow the next attempt progressively;
 * `window_failures` counts the failures since `window_started_at`, bounded per 24 hours. Every
 * attempt is counted before its password is checked; a success gives its count back.
 */
export const signInFailures = pgTable('sign_in_failures', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  streak: integer('streak').notNull().default(0),
  lastFailedAt: timestamp('last_failed_at', { withTimezone: true }).notNull().defaultNow(),
  windowStartedAt: timestamp('window_started_at', { withTimezone: true }).notNull().defaultNow(),
  windowFailures: integer('window_failures').notNull().default(0),
});

/**
 * Device tokens (OWASP's "device cookie"): given to a device at each successful sign-in, by
 * SHA-256 only. A login that presents a live one of the account counts its failures here, on the
 * device's own budget (`failures`, reset by a success), not the account's shared one.
 */
export const deviceTokens = pgTable(
  'device_tokens',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    failures: integer('failures').notNull().default(0),
    createdAt: createdAt(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('device_tokens_user_idx').on(t.userId)],
);

export const invitationStatus = pgEnum('invitation_status', [
  'pending',
  'accepted',
  'declined',
  'revoked',
]);

/** Membership by consent: an admin invites an email; its account holder accepts or declines. */
export const invitations = pgTable(
  'invitations',
  {
    id: uuid('id').primaryKey(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    /** As the admin typed it; matched to accounts case-insensitively. */
    email: text('email').notNull(),
    role: memberRole('role').notNull(),
    invitedBy: uuid('invited_by')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    status: invitationStatus('status').notNull().default('pending'),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
  },
  (t) => [
    // One open invitation per tenant and email: inviting again renews it.
    uniqueIndex('invitations_pending_key')
      .on(t.tenantId, sql`lower(${t.email})`)
      .where(sql`${t.status} = 'pending'`),
    index('invitations_email_idx').on(sql`lower(${t.email})`),
  ],
);

export const reportStatus = pgEnum('report_status', ['open', 'resolved']);

/**
 * A member's report of a message or a user (exactly one), or a flag raised in Stream by a frontend.
 * The message's text and author are kept as they were when reported: a moderator judges what was
 * reported, even if it is edited or deleted later.
 */
export const reports = pgTable(
  'reports',
  {
    id: uuid('id').primaryKey(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    reporterId: uuid('reporter_id').references(() => users.id, { onDelete: 'set null' }),
    messageId: text('message_id'),
    /** The reported user (a user report), or the author of the reported message. */
    userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
    channelStreamId: text('channel_stream_id'),
    messageText: text('message_text'),
    reason: text('reason').notNull(),
    details: text('details').notNull().default(''),
    /** `api` (POST /reports) or `stream_flag` (a flag raised through Stream, by webhook). */
    source: text('source').notNull(),
    status: reportStatus('status').notNull().default('open'),
    createdAt: createdAt(),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    resolvedBy: uuid('resolved_by').references(() => users.id, { onDelete: 'set null' }),
    /** dismiss, delete_message, ban_user */
    resolution: text('resolution'),
  },
  (t) => [
    index('reports_tenant_status_idx').on(t.tenantId, t.status, t.createdAt.desc(), t.id.desc()),
    // One open report per reporter and message (or user): reporting again is not a second one.
    uniqueIndex('reports_open_key')
      .on(t.tenantId, t.reporterId, sql`coalesce(${t.messageId}, ${t.userId}::text)`, t.source)
      .where(sql`${t.status} = 'open'`),
  ],
);

/**
 * A ban of a member in a whole tenant (`channel_id` null) or one channel, until `expires_at`
 * (null: until lifted). Lifting deletes the row.
 */
export const bans = pgTable(
  'bans',
  {
    id: uuid('id').primaryKey(),
    tenantId: uuid('tenant_id').notNull(),
    userId: uuid('user_id').notNull(),
    channelId: uuid('channel_id').references(() => channels.id, { onDelete: 'cascade' }),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    reason: text('reason').notNull().default(''),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('bans_scope_key').on(
      t.tenantId,
      t.userId,
      sql`coalesce(${t.channelId}, '00000000-0000-0000-0000-000000000000'::uuid)`,
    ),
    // A ban belongs to a membership: leaving the tenant ends it.
    foreignKey({
      name: 'bans_membership_fk',
      columns: [t.tenantId, t.userId],
      foreignColumns: [memberships.tenantId, memberships.userId],
    }).onDelete('cascade'),
  ],
);

/** Who blocked whom: the blocked user's messages are hidden from the blocker (Stream: a mute). */
export const blocks = pgTable(
  'blocks',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    blockedId: uuid('blocked_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.blockedId] })],
);

/** A tenant's word filter: words refused in messages (compared in our text normal form). */
export const wordFilters = pgTable('word_filters', {
  tenantId: uuid('tenant_id')
    .primaryKey()
    .references(() => tenants.id, { onDelete: 'cascade' }),
  words: text('words').array().notNull().default(sql`'{}'::text[]`),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Messages a member or moderator deleted: what Stream must show (soft: `type: deleted`; hard:
 * gone). The row is the deletion's truth; the `message` marker repairs Stream from it.
 */
export const messageDeletions = pgTable('message_deletions', {
  messageId: text('message_id').primaryKey(),
  tenantId: uuid('tenant_id')
    .notNull()
    .references(() => tenants.id, { onDelete: 'cascade' }),
  hard: boolean('hard').notNull().default(false),
  deletedBy: uuid('deleted_by').references(() => users.id, { onDelete: 'set null' }),
  createdAt: createdAt(),
});

/**
 * One row per mutating action in a tenant, written in the same statement as the action: who
 * (`actor_id`), what (`action`), on what (`target_type`, `target_id`), details, and the request.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: uuid('id').primaryKey(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    actorId: uuid('actor_id').references(() => users.id, { onDelete: 'set null' }),
    action: text('action').notNull(),
    targetType: text('target_type').notNull(),
    targetId: text('target_id').notNull(),
    details: text('details').notNull().default('{}'),
    requestId: text('request_id'),
    createdAt: createdAt(),
  },
  (t) => [index('audit_log_tenant_idx').on(t.tenantId, t.createdAt.desc(), t.id.desc())],
);

export const accountTokenPurpose = pgEnum('account_token_purpose', [
  'verify_email',
  'change_email',
  'reset_password',
]);

/**
 * One-time tokens sent by email (src/services/account-tokens.ts): only their SHA-256 is kept.
 * Single use (`used_at`), with an expiry; issuing a new one of a purpose spends the user's
 * older unused ones of that purpose.
 */
export const accountTokens = pgTable(
  'account_tokens',
  {
    id: uuid('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    purpose: accountTokenPurpose('purpose').notNull(),
    tokenHash: text('token_hash').notNull().unique('account_tokens_hash_key'),
    /**
     * The address the token was mailed to: for change_email, the one that becomes the account's
     * when the token is used; for verify_email and reset_password, the account's address then
     * (the token proves nothing once the account has another address).
     */
    newEmail: text('new_email'),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index('account_tokens_user_idx').on(t.userId, t.purpose)],
);

/**
 * Mail to send (src/services/email-outbox.ts): inserted in the statement of the write that
 * causes it, sent by the queue consumer (the row id is the provider's Idempotency-Key), and
 * picked up by the sweep if its queue message was lost. `params` holds what the template needs
 * (a link's token among them) and is erased once the mail is sent.
 */
export const emailOutbox = pgTable(
  'email_outbox',
  {
    id: uuid('id').primaryKey(),
    /** The account the mail is about: deleting it deletes its unsent mail. */
    userId: uuid('user_id').references(() => users.id, { onDelete: 'cascade' }),
    toAddress: text('to_address').notNull(),
    template: text('template').notNull(),
    params: text('params'),
    /** The request that caused the mail: its log lines and the sender's carry it. */
    requestId: text('request_id'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    providerId: text('provider_id'),
    createdAt: createdAt(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [index('email_outbox_unsent_idx').on(t.createdAt).where(sql`${t.sentAt} is null`)],
);

export type UserRow = typeof users.$inferSelect;
export type TenantRow = typeof tenants.$inferSelect;
export type ChannelRow = typeof channels.$inferSelect;
