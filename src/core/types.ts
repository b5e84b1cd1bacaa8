/**
 * The types every layer shares: who is calling (from our token alone) and what a queued repair
 * names. No imports: the core depends on nothing of ours.
 */
export type Role = 'admin' | 'moderator' | 'member';

/** Who is calling, taken from our JWT alone (no database read). */
export interface Principal {
  userId: string;
  /** The tenant the token is scoped to; absent for an unscoped token. */
  tenantId?: string;
  role?: Role;
  /** The session the token belongs to (logout, "this device"); absent on pre-session tokens. */
  sessionId?: string;
}

/** A queued repair: converge one aggregate's Stream projection (src/sync/outbox.ts). */
export interface RepairMessage {
  kind: 'user' | 'channel' | 'membership' | 'message' | 'report';
  key: string;
}

/** A Stream channel as a webhook event describes it: the fields we compare with our rows. */
export interface StreamChannelFacts {
  type: string;
  id: string;
  /** Our tag: the tenant a channel belongs to (absent on channels made by others). */
  tenant_id?: string;
  name?: string;
  description?: string;
  frozen?: boolean;
  team?: string;
}

/** What the repair queue needs of a Stream webhook event (src/services/stream-events.ts). */
export interface StreamEventFacts {
  type: string;
  channel?: StreamChannelFacts;
  /** The member a member event is about. */
  memberId?: string;
  /** The user a user event is about, as Stream now shows them (a flag's: who flagged). */
  user?: { id: string; name?: string; role?: string; teams?: string[]; image?: string };
  /** A flag's message: its id, text and author. */
  message?: { id: string; text?: string; userId?: string };
  /** A user flag's target. */
  targetUserId?: string;
  /** A flag's reason. */
  reason?: string;
}

/**
 * A verified Stream webhook to act on. `id` is Stream's `X-Webhook-Id`, the same on its
 * retries: the consumer acts on each id once.
 */
export interface StreamEventMessage {
  kind: 'stream_event';
  id: string;
  event: StreamEventFacts;
}

/** A mail to send: the `email_outbox` row with this id (src/services/email-outbox.ts). */
export interface EmailMessage {
  kind: 'email';
  id: string;
}

/** Everything the Worker's queue carries. */
export type QueueMessage = RepairMessage | StreamEventMessage | EmailMessage;

/** A principal whose token is scoped to a tenant. */
export type TenantPrincipal = Required<Principal>;
