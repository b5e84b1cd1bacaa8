/**
 * How our rows show in Stream: the one mapping from the database to Stream's payloads, used by
 * the inline pushes of the services and by the converge functions, so the two cannot drift apart.
 */
import { type SQL, sql } from 'drizzle-orm';
import type { StreamChat } from 'stream-chat';
import type { Config } from '../core/config';
import {
  banInChannel,
  type ChannelRef,
  type NewStreamChannel,
  type StreamUser,
} from '../stream/gateway';

/** A channel row with what Stream shows of it. */
export interface ChannelProjection {
  streamId: string;
  tenantId: string;
  name: string;
  description: string;
  createdBy: string;
  archived: boolean;
  members: string[];
}

/** The channel's data as Stream holds it (also the full `set` of a repair's update). */
export function streamChannelData(config: Config, row: Omit<ChannelProjection, 'members'>) {
  return {
    name: row.name,
    description: row.description,
    tenant_id: row.tenantId,
    frozen: row.archived,
    // With multi-tenancy the tenant is the channel's team: user tokens see only their teams.
    ...(config.stream.multiTenant ? { team: row.tenantId } : {}),
  };
}

/** The channel as Stream creates it. */
export function streamChannel(config: Config, row: ChannelProjection): NewStreamChannel {
  return {
    streamId: row.streamId,
    createdById: row.createdBy,
    members: row.members,
    tenantId: row.tenantId,
    name: row.name,
    description: row.description,
    team: config.stream.multiTenant ? row.tenantId : undefined,
  };
}

/** A user row with what Stream shows of it. */
export interface UserProjection {
  id: string;
  name: string;
  teams: readonly string[];
  /** Stream refuses the user's tokens issued before this instant (src/services/stream-access.ts). */
  revoked_before?: string | Date | null;
}

/**
 * The user as Stream shows them: our name, the plain app role, (multi-tenancy) their tenants,
 * and their token revocation, sent with every upsert so that replacing the user never lifts it.
 */
export function streamUser(config: Config, row: UserProjection): StreamUser {
  return {
    id: row.id,
    name: row.name,
    role: 'user',
    ...(config.stream.multiTenant ? { teams: [...row.teams] } : {}),
    ...(row.revoked_before
      ? { revoke_tokens_issued_before: new Date(row.revoked_before).toISOString() }
      : {}),
  };
}

/** An active ban as Stream holds it: the time left, the reason, who banned. */
export type BanProjection = { minutes: number | null; reason: string; created_by: string | null };

/**
 * SQL for the `BanProjection` (a JSON object) of the ban row `b`: what a channel ban in Stream
 * needs to match ours, counted from now.
 */
export const banProjection = (b: SQL) => sql`json_build_object(
  'minutes', ceil(extract(epoch from ${b}.expires_at - now()) / 60)::int,
  'reason', ${b}.reason, 'created_by', ${b}.created_by)`;

/** Bans `userId` in the channel `ref` in Stream as the projection says. */
export const pushBan = (client: StreamChat, ref: ChannelRef, userId: string, ban: BanProjection) =>
  banInChannel(client, ref, userId, {
    minutes: ban.minutes ?? undefined,
    reason: ban.reason,
    bannedBy: ban.created_by ?? undefined,
  });
