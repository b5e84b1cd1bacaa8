/**
 * User rules (https://getstream.io/chat/docs/node/update_users/): id format, the upsert input
 * shape, and how an input becomes a stored record (full replace: fields not sent are removed).
 */
import { z } from 'zod';
import { nowTimestamp } from './clock';
import { ErrorCode, inputError, StreamError } from './errors';
import { LIMITS } from './limits';
import type { StreamStore, UserRecord } from './store';

export const userInputSchema = z.looseObject({
  id: z.string().optional(),
  role: z.string().optional(),
  teams: z.array(z.string()).optional(),
  teams_role: z.record(z.string(), z.string()).optional(),
  name: z.string().optional(),
  image: z.string().optional(),
  language: z.string().optional(),
  invisible: z.boolean().optional(),
  revoke_tokens_issued_before: z.iso.datetime({ offset: true }).nullish(),
});
export type UserInput = z.output<typeof userInputSchema>;

/** Built-in user keys and response-only ones (ignored when echoed back), never custom data. */
const NON_CUSTOM_USER_KEYS = new Set([
  ...Object.keys(userInputSchema.shape),
  'created_at',
  'updated_at',
  'last_active',
  'online',
  'banned',
  'shadow_banned',
  'blocked_user_ids',
  'deactivated_at',
  'deleted_at',
  'devices',
  'mutes',
  'channel_mutes',
  'unread_count',
  'total_unread_count',
  'unread_channels',
  'unread_threads',
]);

/** An existing user, or 404 code 16 (our wording: Stream's for an unknown user is not published). */
export function userOrFail(store: StreamStore, id: string): UserRecord {
  const user = store.users.get(id);
  if (!user) throw new StreamError(404, ErrorCode.DoesNotExist, `user "${id}" does not exist`);
  return user;
}

export function assertUserId(id: string): void {
  if (id === '') throw inputError('user.id is a required field');
  if (id.length > LIMITS.userIdMaxChars) {
    throw inputError(`user.id "${id}" is too long, the maximum length is ${LIMITS.userIdMaxChars}`);
  }
  if (!/^[@\w-]+$/.test(id)) {
    throw inputError(
      `user.id "${id}" is not a valid user id, only letters, numbers and the characters "@", "_" and "-" are allowed`,
    );
  }
}

/**
 * A record from an upsert input (a full replace of the user's fields): keeps `created_at` of an
 * existing user, its token revocation unless the input sets one (or `null` to lift it), and its
 * moderation state, which is not a user field on Stream and has its own calls (an app ban, mutes,
 * channel mutes, blocks), and a deactivation (lifted only by ReactivateUser). [Unsure] whether an
 * upsert that does not name the revocation keeps it on Stream; keeping it is the safe reading, and
 * our backend sends it with every upsert anyway.
 */
export function userFromInput(id: string, input: UserInput, existing?: UserRecord): UserRecord {
  const at = nowTimestamp();
  const custom: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    if (!NON_CUSTOM_USER_KEYS.has(key) && value !== undefined) custom[key] = value;
  }
  return {
    id,
    role: input.role ?? 'user',
    teams: input.teams ?? [],
    ...(input.teams_role ? { teams_role: input.teams_role } : {}),
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.image !== undefined ? { image: input.image } : {}),
    language: input.language ?? '',
    invisible: input.invisible ?? false,
    custom,
    created_at: existing?.created_at ?? at,
    updated_at: at,
    ...revocation(input.revoke_tokens_issued_before, existing?.revoke_tokens_issued_before),
    ...(existing?.ban ? { ban: existing.ban } : {}),
    ...(existing?.mutes ? { mutes: existing.mutes } : {}),
    ...(existing?.channel_mutes ? { channel_mutes: existing.channel_mutes } : {}),
    ...(existing?.deactivated_at ? { deactivated_at: existing.deactivated_at } : {}),
    ...(existing?.blocks ? { blocks: existing.blocks } : {}),
  };
}

function revocation(sent: string | null | undefined, kept: string | undefined) {
  const value = sent === undefined ? kept : (sent ?? undefined);
  return value === undefined ? {} : { revoke_tokens_issued_before: value };
}

/**
 * A `created_by` / `message.user` object creates its user when unknown (observed on Stream);
 * an existing user is left as it is.
 */
export function implicitUser(
  store: StreamStore,
  input: Record<string, unknown> & { id: string },
): UserRecord {
  const existing = store.users.get(input.id);
  if (existing) return existing;
  assertUserId(input.id);
  const parsed = userInputSchema.safeParse(input);
  const user = userFromInput(input.id, parsed.success ? parsed.data : { id: input.id });
  store.users.set(user.id, user);
  store.emit({ type: 'user.updated', user });
  return user;
}
