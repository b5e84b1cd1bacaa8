/**
 * Compares our database with the Stream emulator's state directly (SQL on one side,
 * `/__control/state` on the other), never through our own routes, and runs one sweep as the
 * cron would, "as of" an hour later so every marker's grace period is over.
 */
import { env } from 'cloudflare:workers';
import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { servicesFor } from '../src/runtime/services';
import { type SweepReport, sweep } from '../src/sync/sweep';
import { streamState } from './stand-ins';

const db = () => servicesFor(env).db;

export type ChannelView = {
  name: string;
  description: string;
  frozen: boolean;
  members: string[];
};

export interface TenantView {
  channels: Record<string, ChannelView>;
  /** Each user's teams (their tenants), for the users asked about. */
  teams: Record<string, string[]>;
}

export async function databaseView(tenantId: string, userIds: string[]): Promise<TenantView> {
  const { rows } = await db().execute<ChannelView & { stream_id: string }>(sql`
    select c.stream_id, c.name, c.description, c.archived_at is not null as frozen,
      coalesce(array_agg(cm.user_id::text order by cm.user_id) filter (where cm.user_id is not null), '{}') as members
    from channels c left join channel_members cm on cm.channel_id = c.id
    where c.tenant_id = ${tenantId} and c.status = 'active' group by c.id`);
  const teams: Record<string, string[]> = {};
  for (const id of userIds) {
    const { rows: t } = await db().execute<{ tenant_id: string }>(
      sql`select tenant_id::text from memberships where user_id = ${id} order by tenant_id`,
    );
    teams[id] = t.map((r) => r.tenant_id).sort();
  }
  return {
    channels: Object.fromEntries(
      rows.map(({ stream_id, ...c }) => [stream_id, { ...c, members: [...c.members].sort() }]),
    ),
    teams,
  };
}

export async function streamView(tenantId: string, userIds: string[]): Promise<TenantView> {
  const state = await streamState();
  const channels = state.channels.filter((c) => c.data.tenant_id === tenantId && !c.deleted_at);
  const users = new Map(state.users.map((u) => [u.id, u]));
  return {
    channels: Object.fromEntries(
      channels.map((c) => [
        c.id,
        {
          name: String(c.data.name),
          description: String(c.data.description ?? ''),
          frozen: Boolean(c.frozen),
          members: [...c.members].sort(),
        },
      ]),
    ),
    teams: Object.fromEntries(userIds.map((id) => [id, [...(users.get(id)?.teams ?? [])].sort()])),
  };
}

/** Both stores say the same about the tenant's channels and these users' teams. */
export async function expectConverged(tenantId: string, userIds: string[]): Promise<TenantView> {
  const [database, stream] = await Promise.all([
    databaseView(tenantId, userIds),
    streamView(tenantId, userIds),
  ]);
  expect(stream).toEqual(database);
  return database;
}

/** One sweep pass, as the cron runs it, with every grace period over and the orphan scan due. */
export function sweepOnce(): Promise<SweepReport> {
  return sweep(servicesFor(env), { asOf: new Date(Date.now() + 60 * 60_000), scanOrphans: true });
}

/** Sync markers still standing for these keys. */
export async function markersFor(...keys: string[]): Promise<string[]> {
  const { rows } = await db().execute<{ kind: string; key: string }>(
    sql`select kind::text, key from stream_sync where key in (${sql.join(
      keys.map((k) => sql`${k}`),
      sql`, `,
    )})`,
  );
  return rows.map((r) => `${r.kind}:${r.key}`);
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
