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
  kind: 'user' | 'channel' | 'membership';
  key: string;
}

/** A principal whose token is scoped to a tenant. */
export type TenantPrincipal = Required<Principal>;
