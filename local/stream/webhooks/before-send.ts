/**
 * The "before message send" hook (https://getstream.io/chat/docs/node/before_message_send_webhook/):
 * SendMessage (and UpdateMessage, see README) POSTs `{message, user, channel, request_info}` to
 * `before_message_send_hook_url`, signed like a webhook, and waits for the answer: ONE attempt,
 * timing out after `before_message_send_hook_attempt_timeout_ms` (default 1500 ms).
 *
 * - 2xx `{message: {type: "error", text}}` → rejected: the sender gets that error message;
 *   nothing is stored or announced.
 * - 2xx `{message: {...}}` → accepted; the documented rewritable fields (`text`, `i18n`,
 *   `show_in_channel`, `silent`, `type`, `attachments`, any custom field) that differ from what
 *   was sent are applied, every other field is ignored. Echoing the request changes nothing.
 * - anything else (non-2xx, timeout, network error, empty or invalid body) → fail open: the
 *   message is stored as sent ("Stream fails open for this hook").
 */
import { isRecord } from '../body';
import { nowTimestamp } from '../clock';
import type { Wire } from '../present';
import type { RequestOrigin } from '../request-origin';
import type { StreamStore } from '../store';
import { postOnce } from './post';
import type { HookRecord } from './record';
import { beforeSendTarget } from './settings';
import { hookHeaders, signBody } from './signing';

/** Message fields with a meaning of their own (Stream's OpenAPI `MessageRequest` and `MessageResponse`). */
const BUILT_IN_FIELDS = new Set([
  'attachments',
  'cid',
  'command',
  'created_at',
  'custom',
  'deleted_at',
  'deleted_for_me',
  'deleted_reply_count',
  'draft',
  'html',
  'i18n',
  'id',
  'image_labels',
  'latest_reactions',
  'member',
  'mentioned_channel',
  'mentioned_group_ids',
  'mentioned_groups',
  'mentioned_here',
  'mentioned_roles',
  'mentioned_users',
  'message_text_updated_at',
  'mml',
  'moderation',
  'own_reactions',
  'parent_id',
  'pin_expires',
  'pinned',
  'pinned_at',
  'pinned_by',
  'poll',
  'poll_id',
  'quoted_message',
  'quoted_message_id',
  'reaction_counts',
  'reaction_groups',
  'reaction_scores',
  'reminder',
  'reply_count',
  'restricted_visibility',
  'shadowed',
  'shared_location',
  'show_in_channel',
  'silent',
  'text',
  'thread_participants',
  'type',
  'updated_at',
  'user',
  'user_id',
  // Seen on SendMessage answers while a hook is set (stream-chat-js integration tests, 2021).
  'webhook_id',
  'webhook_failed',
]);

/** The built-in fields a hook may rewrite. */
const REWRITABLE = ['text', 'i18n', 'show_in_channel', 'silent', 'type', 'attachments'] as const;

/** What the hook asked for: rewritable fields with their type checked, custom fields as given. */
export interface MessageRewrite {
  text?: string;
  i18n?: Record<string, unknown>;
  show_in_channel?: boolean;
  silent?: boolean;
  type?: string;
  attachments?: unknown[];
  custom: Record<string, unknown>;
}

export type BeforeSendVerdict =
  | { kind: 'off' }
  | { kind: 'accepted'; rewrite: MessageRewrite }
  | { kind: 'rejected'; text: string }
  | { kind: 'failed'; reason: string };

export interface BeforeSendEntry {
  /** `X-Webhook-Id` of the call. */
  id: string;
  created_at: string;
  target: string;
  cid: string;
  message_id: string;
  user_id: string;
  request_type: RequestOrigin;
  /** SendMessage or UpdateMessage. */
  operation: string;
  duration_ms: number;
  status?: number;
  error?: 'timeout' | 'network' | 'cancelled';
  outcome: 'accepted' | 'modified' | 'rejected' | 'failed_open';
  /** Why a call failed open, or which fields it rewrote. */
  detail?: string;
  request: unknown;
  response?: string;
}

export interface BeforeSendCall {
  operation: 'SendMessage' | 'UpdateMessage';
  origin: RequestOrigin;
  message: Wire;
  user: Wire;
  channel: Wire;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The fields of `answer` the hook may change and did change, relative to `sent`. */
function rewriteOf(sent: Wire, answer: Record<string, unknown>): MessageRewrite {
  const rewrite: MessageRewrite = { custom: {} };
  const changed = (key: string) => key in answer && !same(answer[key], sent[key]);
  for (const key of REWRITABLE) {
    if (!changed(key)) continue;
    const value = answer[key];
    if (key === 'text' && typeof value === 'string') rewrite.text = value;
    if (key === 'type' && typeof value === 'string') rewrite.type = value;
    if ((key === 'silent' || key === 'show_in_channel') && typeof value === 'boolean') {
      rewrite[key] = value;
    }
    if (key === 'attachments' && Array.isArray(value)) rewrite.attachments = value;
    if (key === 'i18n' && isRecord(value)) rewrite.i18n = value;
  }
  for (const [key, value] of Object.entries(answer)) {
    if (!BUILT_IN_FIELDS.has(key) && changed(key)) rewrite.custom[key] = value;
  }
  return rewrite;
}

function rewrittenFields(rewrite: MessageRewrite): string[] {
  return [
    ...REWRITABLE.filter((key) => rewrite[key] !== undefined),
    ...Object.keys(rewrite.custom),
  ];
}

/** The verdict of a 2xx answer's body. */
function judge(sent: Wire, body: string): BeforeSendVerdict {
  if (body.trim() === '') return { kind: 'failed', reason: 'empty body' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return { kind: 'failed', reason: 'body is not JSON' };
  }
  if (!isRecord(parsed) || !isRecord(parsed.message)) {
    return { kind: 'failed', reason: 'body has no message object' };
  }
  const answer = parsed.message;
  if (answer.type === 'error') {
    return { kind: 'rejected', text: typeof answer.text === 'string' ? answer.text : '' };
  }
  return { kind: 'accepted', rewrite: rewriteOf(sent, answer) };
}

export interface BeforeSendDeps {
  store: StreamStore;
  apiKey: string;
  apiSecret: string;
  record: HookRecord<BeforeSendEntry>;
  log: (line: string) => void;
}

export class BeforeSendHook {
  private cancel = new AbortController();

  constructor(private readonly deps: BeforeSendDeps) {}

  /** Cancels calls in flight (reset, close): they fail open. */
  cancelAll(): void {
    this.cancel.abort();
    this.cancel = new AbortController();
  }

  /** Whether a hook URL is set (callers skip building the request otherwise). */
  active(): boolean {
    return beforeSendTarget(this.deps.store) !== undefined;
  }

  async call(call: BeforeSendCall): Promise<BeforeSendVerdict> {
    const target = beforeSendTarget(this.deps.store);
    if (!target) return { kind: 'off' };
    const request = {
      message: call.message,
      user: call.user,
      channel: call.channel,
      request_info: { type: call.origin },
    };
    const json = JSON.stringify(request);
    const id = crypto.randomUUID();
    const body = signBody(json, this.deps.apiSecret, target.compress);
    const startedAt = nowTimestamp();
    const result = await postOnce(
      target.url,
      hookHeaders(body, this.deps.apiKey, id, 1),
      body.bytes,
      target.timeoutMs,
      this.cancel.signal,
    );
    let verdict: BeforeSendVerdict;
    if (result.kind !== 'answered') {
      verdict = { kind: 'failed', reason: result.kind === 'network' ? result.detail : result.kind };
    } else if (result.status < 200 || result.status >= 300) {
      verdict = { kind: 'failed', reason: `status ${result.status}` };
    } else {
      verdict = judge(call.message, result.body);
    }
    const rewritten = verdict.kind === 'accepted' ? rewrittenFields(verdict.rewrite) : [];
    this.deps.record.add({
      id,
      created_at: startedAt,
      target: target.url,
      cid: String(call.channel.cid),
      message_id: String(call.message.id),
      user_id: String(call.user.id),
      request_type: call.origin,
      operation: call.operation,
      duration_ms: result.durationMs,
      ...(result.kind === 'answered' ? { status: result.status } : { error: result.kind }),
      outcome:
        verdict.kind === 'rejected'
          ? 'rejected'
          : verdict.kind === 'failed'
            ? 'failed_open'
            : rewritten.length > 0
              ? 'modified'
              : 'accepted',
      ...(verdict.kind === 'failed' ? { detail: verdict.reason } : {}),
      ...(rewritten.length > 0 ? { detail: `rewrote ${rewritten.join(', ')}` } : {}),
      request: JSON.parse(json),
      ...(result.kind === 'answered' ? { response: result.body } : {}),
    });
    if (verdict.kind === 'failed') {
      this.deps.log(`before-send hook failed open (${verdict.reason}): ${target.url}`);
    }
    return verdict;
  }
}
