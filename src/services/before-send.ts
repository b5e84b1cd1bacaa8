/**
 * Stream's "before message send" hook (https://getstream.io/chat/docs/node/before_message_send_webhook/):
 * Stream asks us before it publishes a message that a user sent with their own Stream token, so
 * direct SDK sends pass the same checks as `POST /messages`: the sender must be a current member of
 * the channel's tenant (and the channel one of ours), not banned there, within the per-user send
 * limit (the same budget as `POST /messages`), and the text must pass the tenant's word filter.
 *
 * Stream waits 1.5 s by default (`before_message_send_hook_attempt_timeout_ms`, at most 5 s), makes
 * one attempt, and publishes the message as usual when the hook fails, times out or answers
 * nothing: it fails open. So this decides in one database read, bounded well inside that
 * timeout, and where it cannot decide (the database failing or slow) it refuses itself: closed
 * for everything it can answer.
 */
import { sql } from 'drizzle-orm';
import * as z from 'zod';
import { logFor } from '../runtime/safe-log';
import type { Services } from '../runtime/services';
import { CHANNEL_TYPE } from '../stream/gateway';
import { banned, filtered } from './send-checks';

/** Our answer must reach Stream inside its 1.5 s default; the read gets at most this much. */
export const CHECK_DEADLINE_MS = 800;

const hookSchema = z.looseObject({
  message: z.looseObject({
    user_id: z.string().optional(),
    user: z.looseObject({ id: z.string() }).optional(),
    text: z.string().optional(),
  }),
  user: z.looseObject({ id: z.string() }).optional(),
  channel: z.looseObject({ type: z.string(), id: z.string() }).optional(),
  request_info: z.looseObject({ type: z.string().optional() }).optional(),
});

export type HookRequest = z.output<typeof hookSchema>;

export const parseHookRequest = (payload: unknown) => hookSchema.safeParse(payload);

export type Refusal = { code: string; text: string };

const refusals = {
  not_a_member: 'You are not a member of this channel’s tenant.',
  not_our_channel: 'Messages can only be sent to channels of this app.',
  banned: 'You are banned from sending messages here.',
  message_blocked: "Your message contains a word this community's filter does not allow.",
  rate_limited: 'You are sending messages too fast; wait a moment and try again.',
  unchecked: 'Your message could not be checked just now; try again.',
  malformed: 'This message cannot be checked.',
} as const;

const refuse = (code: keyof typeof refusals): Refusal => ({ code, text: refusals[code] });

/** Who sends, and where: undefined when the request does not say. */
export function senderOf(hook: HookRequest) {
  const userId = hook.user?.id ?? hook.message.user?.id ?? hook.message.user_id;
  return userId && hook.channel ? { userId, channel: hook.channel } : undefined;
}

const timeout = (ms: number) =>
  new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), ms));

/**
 * One read: is the channel ours and live, is the sender a member of its tenant and not banned
 * there, and does the text pass the tenant's filter?
 */
async function verdictRead(s: Services, userId: string, streamId: string, text: string) {
  const { rows } = await s.db.execute<{
    ours: boolean;
    member: boolean;
    banned: boolean;
    filtered: boolean;
  }>(sql`
    with ch as (select id, tenant_id from channels
      where stream_id = ${streamId} and status = 'active' and archived_at is null)
    select exists (select 1 from ch) as ours,
      exists (select 1 from memberships m join ch on ch.tenant_id = m.tenant_id
        where m.user_id::text = ${userId}) as member,
      coalesce((select ${banned(sql`ch.tenant_id`, userId, sql`ch.id`)} from ch), false) as banned,
      coalesce((select ${filtered(sql`ch.tenant_id`, text)} from ch), false) as filtered`);
  return rows[0];
}

/**
 * The verdict for one message: undefined to publish it, else why not. `withinLimit` is the
 * per-user send limit's answer (a binding call, made in parallel with the read).
 */
export async function checkBeforeSend(
  s: Services,
  hook: HookRequest,
  withinLimit: (userId: string) => Promise<boolean>,
): Promise<Refusal | undefined> {
  // Server-side sends come from a backend (ours checked them in POST /messages).
  if (hook.request_info?.type === 'server') return undefined;
  const sender = senderOf(hook);
  if (!sender) return refuse('malformed');
  if (sender.channel.type !== CHANNEL_TYPE) return refuse('not_our_channel');
  const [limit, read] = await Promise.all([
    withinLimit(sender.userId),
    Promise.race([
      verdictRead(s, sender.userId, sender.channel.id, hook.message.text ?? '').catch(
        (err: unknown) => err as Error,
      ),
      timeout(CHECK_DEADLINE_MS),
    ]),
  ]);
  if (read === 'timeout' || read instanceof Error || !read) {
    logFor(s, 'warn', {
      code: 'before_send_unchecked',
      reason: read === 'timeout' ? 'deadline' : 'database',
      user_id: sender.userId,
    });
    return refuse('unchecked');
  }
  if (!read.ours) return refuse('not_our_channel');
  if (!read.member) return refuse('not_a_member');
  if (read.banned) return refuse('banned');
  if (read.filtered) return refuse('message_blocked');
  if (!limit) return refuse('rate_limited');
  return undefined;
}
