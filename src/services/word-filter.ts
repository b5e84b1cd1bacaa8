/**
 * The tenant's word filter: words no message may contain, compared as whole words in our text
 * normal form, in any case (`words()` in core/text.ts). `POST /messages` refuses a match with 422
 * `message_blocked`; the before-send hook refuses it for direct SDK sends. It lives in our database
 * only: Stream's blocklists belong to a channel type, which every tenant shares.
 */
import { sql } from 'drizzle-orm';
import { badRequest } from '../core/errors';
import { words } from '../core/text';
import type { Role, TenantPrincipal } from '../core/types';
import { textArray } from '../db/arrays';
import type { RequestServices, Services } from '../runtime/services';
import { auditRow } from './audit';
import { assertCurrentRole, currentRole } from './current-role';

export type WordFilterView = { words: string[]; updated_at: string | null };

const ADMIN: readonly Role[] = ['admin'];

/**
 * Each listed entry in its compared form; an entry that is not one word (spaces, punctuation
 * only) is a 400 naming it, since it could never match.
 */
export function filterWords(entries: readonly string[]): string[] {
  const problems: { field: string; message: string }[] = [];
  const out = new Set<string>();
  entries.forEach((entry, i) => {
    const found = words(entry);
    if (found.length !== 1) {
      problems.push({ field: `body.words.${i}`, message: 'Must be exactly one word' });
    } else out.add(found[0]!);
  });
  if (problems.length > 0) {
    throw badRequest('validation_failed', 'The request is invalid; see details', problems);
  }
  return [...out].sort();
}

/** `GET /moderation/blocklist` (admin). */
export async function getWordFilter(s: Services, p: TenantPrincipal): Promise<WordFilterView> {
  const { rows } = await s.db.execute<{
    role: Role | null;
    words: string[] | null;
    updated_at: string | null;
  }>(sql`
    select ${currentRole(p.tenantId, p.userId)} as role, wf.words, wf.updated_at
    from (select 1) one left join word_filters wf on wf.tenant_id = ${p.tenantId}`);
  const row = rows[0]!;
  assertCurrentRole(row.role, ADMIN);
  return {
    words: row.words ?? [],
    updated_at: row.updated_at ? new Date(row.updated_at).toISOString() : null,
  };
}

/** `PUT /moderation/blocklist` (admin): replaces the list; one audit row when it changed. */
export async function putWordFilter(
  s: RequestServices,
  p: TenantPrincipal,
  entries: readonly string[],
): Promise<WordFilterView> {
  const list = textArray(filterWords(entries));
  const { rows } = await s.db.execute<{
    role: Role | null;
    words: string[];
    updated_at: string | null;
  }>(sql`
    with caller as (select ${currentRole(p.tenantId, p.userId)} as role),
    old as (select words from word_filters where tenant_id = ${p.tenantId}),
    diff as (
      select array(select unnest(${list}) except select unnest(coalesce((select words from old), '{}'))) as added,
        array(select unnest(coalesce((select words from old), '{}')) except select unnest(${list})) as removed),
    up as (
      insert into word_filters (tenant_id, words)
      select ${p.tenantId}, ${list} where (select role from caller) = 'admin'
        and (cardinality((select added from diff)) > 0 or cardinality((select removed from diff)) > 0)
      on conflict (tenant_id) do update set words = excluded.words, updated_at = now()
      returning words, updated_at),
    audit as (${auditRow(s, {
      tenantId: p.tenantId,
      actorId: p.userId,
      action: 'word_filter.updated',
      targetType: 'word_filter',
      targetId: p.tenantId,
      details: sql`(select json_build_object('added', added, 'removed', removed) from diff)::text`,
      when: sql`exists (select 1 from up)`,
    })})
    select (select role from caller) as role,
      coalesce((select words from up), (select words from old), '{}') as words,
      coalesce((select updated_at from up),
        (select updated_at from word_filters where tenant_id = ${p.tenantId})) as updated_at`);
  const row = rows[0]!;
  assertCurrentRole(row.role, ADMIN);
  return {
    words: row.words,
    updated_at: row.updated_at ? new Date(row.updated_at).toISOString() : null,
  };
}
