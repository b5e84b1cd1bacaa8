import { sql } from 'drizzle-orm';
import {
  check,
  index,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

export const memberRole = pgEnum('member_role', ['admin', 'moderator', 'member']);

/**
 * A channel row is the journal entry for its Stream channel: it is written `pending` before
 * Stream is called and becomes `active` once Stream has the channel. Pending rows are invisible
 * to the API; the reconciler rolls back those whose request never finished (see channels service).
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
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('users_email_lower_key').on(sql`lower(${t.email})`)],
);

export const tenants = pgTable('tenants', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
  createdBy: uuid('created_by')
    .notNull()
    .references(() => users.id),
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
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    status: channelStatus('status').notNull().default('pending'),
    createdAt: createdAt(),
    archivedAt: timestamp('archived_at', { withTimezone: true }),
  },
  (t) => [
    // Names are unique among a tenant's live channels; an archived name can be reused.
    uniqueIndex('channels_tenant_name_key')
      .on(t.tenantId, sql`lower(${t.name})`)
      .where(sql`${t.archivedAt} is null`),
    index('channels_tenant_created_idx').on(t.tenantId, t.createdAt.desc(), t.id.desc()),
    check('channels_name_not_blank', sql`length(trim(${t.name})) > 0`),
  ],
);

export type UserRow = typeof users.$inferSelect;
export type TenantRow = typeof tenants.$inferSelect;
export type ChannelRow = typeof channels.$inferSelect;
