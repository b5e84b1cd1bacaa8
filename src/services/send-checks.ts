/**
 * What a message must pass before anyone sees it, whichever way it is sent (`POST /messages`, or
 * straight through Stream's SDK and the before-send hook): the sender is not banned there, and the
 * text has no word of the tenant's filter. Both are SQL, so each path asks them in the one
 * statement it already makes.
 */
import { type SQL, sql } from 'drizzle-orm';
import { words } from '../core/text';
import { textArray } from '../db/arrays';

/** True in SQL when an active ban keeps `userId` from the channel `channelId` of `tenantId`. */
export const banned = (tenantId: SQL | string, userId: SQL | string, channelId: SQL) => sql`exists (
  select 1 from bans b
  where b.tenant_id = (${tenantId})::uuid and b.user_id::text = (${userId})::text
    and (b.channel_id is null or b.channel_id = ${channelId})
    and (b.expires_at is null or b.expires_at > now()))`;

/** True in SQL when `text` has a word of the tenant's filter (whole words, any case). */
export function filtered(tenantId: SQL | string, text: string): SQL {
  const list = words(text);
  if (list.length === 0) return sql`false`;
  return sql`exists (select 1 from word_filters wf
    where wf.tenant_id = (${tenantId})::uuid and wf.words && ${textArray(list)})`;
}
