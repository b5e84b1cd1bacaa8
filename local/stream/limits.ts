/**
 * Every size, page and count limit the emulator enforces, in one table, each with where its
 * value comes from:
 * - `documented`: a public Stream page or Stream's own published schema says so (the URL);
 * - `observed`: the real API was seen doing it (what was seen, and where);
 * - `unsure`: nobody confirmed it; the value is our best guess (why this one).
 * Names carry their unit: `Chars`, `Bytes`, `Count` (items), `Ms`, `PerMinute`.
 * Code reads the plain values from `LIMITS`; `LIMIT_TABLE` keeps the provenance next to them.
 */

type Provenance =
  | { readonly documented: `https://${string}` }
  | { readonly observed: string }
  | { readonly unsure: string };

type Limit = { readonly value: number } & Provenance;

const DOCS = 'https://getstream.io/chat/docs/node';
/** Stream's published OpenAPI document for Chat (request field bounds). */
const OPENAPI = 'https://github.com/GetStream/protocol/blob/main/openapi/chat-openapi.json';

export const LIMIT_TABLE = {
  userIdMaxChars: {
    value: 255,
    documented: 'https://github.com/GetStream/protocol/blob/main/jsonschemas/chat/user.schema.json',
  },
  upsertUsersMaxCount: { value: 100, documented: `${DOCS}/update_users/` },
  channelIdMaxChars: { value: 64, documented: `${DOCS}/creating_channels/` },
  /** Members added or removed in one UpdateChannel, or named on creation. */
  channelMembersPerCallMaxCount: { value: 100, documented: OPENAPI },
  /** Stream answers 413 above it. */
  channelCustomDataMaxBytes: { value: 5 * 1024, documented: `${DOCS}/creating_channels/` },
  messageIdMaxChars: { value: 255, documented: OPENAPI },
  /** `max_message_length` of the built-in channel types. */
  messageTextMaxCharsDefault: {
    value: 5000,
    observed:
      'channel configs captured from the real API in https://github.com/GetStream/stream-chat-test-mock-server',
  },
  channelMessagesPageMaxCount: { value: 300, documented: `${DOCS}/channel_pagination/` },
  channelMessagesPageDefaultCount: {
    value: 25,
    unsure:
      'not published; the default of QueryChannels message_limit, used for a channel query too',
  },
  channelMembersPageDefaultCount: {
    value: 100,
    unsure: 'not published; the QueryChannels member_limit default, used for a channel query too',
  },
  channelMembersPageMaxCount: { value: 300, documented: `${DOCS}/channel_pagination/` },
  channelMembersOffsetMax: { value: 10_000, documented: `${DOCS}/channel_pagination/` },
  /** `watchers` of a channel query (and of QueryChannels, which has no `watchers` option). */
  channelWatchersPageDefaultCount: {
    value: 100,
    unsure:
      'not published; the members default. The SDK sends no `watchers` on watch() or queryChannels(), and stream-chat-react reads `state.watchers` from those answers',
  },
  channelWatchersPageMaxCount: { value: 300, documented: `${DOCS}/channel_pagination/` },
  channelWatchersOffsetMax: { value: 10_000, documented: `${DOCS}/channel_pagination/` },
  queryChannelsPageDefaultCount: { value: 10, documented: `${DOCS}/query_channels/` },
  /** Above it Stream answers 30 channels, without an error. */
  queryChannelsPageMaxCount: { value: 30, documented: `${DOCS}/query_channels/` },
  queryChannelsOffsetMax: { value: 1000, documented: `${DOCS}/query_channels/` },
  queryChannelsMemberLimitDefault: { value: 100, documented: `${DOCS}/query_channels/` },
  /** Above it: 400 "member_limit must be 100 or less". */
  queryChannelsMemberLimitMax: { value: 100, documented: `${DOCS}/query_channels/` },
  queryUsersPageDefaultCount: {
    value: 30,
    unsure: 'not published; the SDK sends a limit with every query, so the default rarely shows',
  },
  queryUsersPageMaxCount: { value: 100, documented: OPENAPI },
  queryMembersPageDefaultCount: { value: 100, documented: OPENAPI },
  reactionsPageDefaultCount: {
    value: 10,
    unsure: 'not published; the SDK reads reactions in pages it sizes itself',
  },
  reactionsPageMaxCount: {
    value: 300,
    unsure: 'not published; the same bound as message and member pages',
  },
  /** `user_ids` of UnreadCountsBatch, DeactivateUsers, ReactivateUsers and RestoreUsers. */
  userBatchMaxCount: { value: 100, documented: OPENAPI },
  /** QueryBannedUsers `limit` (`offset` up to `queryBannedUsersOffsetMax`). */
  queryBannedUsersPageMaxCount: { value: 300, documented: OPENAPI },
  queryBannedUsersPageDefaultCount: {
    value: 25,
    unsure: 'not published; the SDK sends no limit unless asked, as for a channel query',
  },
  queryBannedUsersOffsetMax: { value: 10_000, documented: OPENAPI },
  /** An upload ("The maximum file size is 100MB"). */
  uploadMaxBytes: {
    value: 100 * 1024 * 1024,
    documented: 'https://getstream.github.io/stream-cli/stream-cli_chat_upload-file.html',
  },
  /** Custom blocklists of an app ("up to 15 block lists in total"). */
  blocklistsMaxCount: { value: 15, documented: `${DOCS}/block_lists/` },
  blocklistWordsMaxCount: { value: 10_000, documented: `${DOCS}/block_lists/` },
  blocklistWordMaxChars: { value: 40, documented: `${DOCS}/block_lists/` },
  /** Per delivery attempt of a webhook ("The timeout of one request is 6 seconds"). */
  webhookAttemptTimeoutMs: { value: 6_000, documented: `${DOCS}/push_webhook/` },
  /** All attempts of one webhook ("cannot exceed the duration of 15 seconds"). */
  webhookTotalTimeoutMs: { value: 15_000, documented: `${DOCS}/push_webhook/` },
  /** Attempts after a 408, 429 or 5xx answer, and after a timeout. */
  webhookAttemptsOnErrorStatusCount: { value: 3, documented: `${DOCS}/push_webhook/` },
  webhookAttemptsOnTimeoutCount: { value: 3, documented: `${DOCS}/push_webhook/` },
  webhookAttemptsOnNetworkErrorCount: { value: 2, documented: `${DOCS}/push_webhook/` },
  /** Wait before the 2nd attempt; the 3rd waits `webhookSecondBackoffMs`. */
  webhookFirstBackoffMs: {
    value: 500,
    unsure: 'Stream does not publish its backoff; short enough that three attempts fit in 15 s',
  },
  webhookSecondBackoffMs: { value: 1_000, unsure: 'as webhookFirstBackoffMs, doubled' },
  /** Per-members list of message and channel webhook events ("truncated up to 50 members"). */
  webhookMembersMaxCount: { value: 50, documented: `${DOCS}/webhook_events/` },
  /** `before_message_send_hook_attempt_timeout_ms` unset or 0. */
  beforeSendTimeoutDefaultMs: { value: 1_500, documented: `${DOCS}/before_message_send_webhook/` },
  /** Above it (or below 0) UpdateApp refuses the setting. */
  beforeSendTimeoutMaxMs: { value: 5_000, documented: `${DOCS}/before_message_send_webhook/` },
  /** Entries kept at `/__control/webhooks` and `/__control/before-send` (local choice). */
  hookRecordMaxCount: { value: 200, unsure: 'not Stream: a bound on the local record' },
  /** A health.check frame to each connection, so a quiet one never trips the SDK's 35 s watchdog. */
  serverHealthCheckIntervalMs: {
    value: 30_000,
    observed:
      'the SDK reconnects after 35 s without a frame: https://github.com/GetStream/stream-chat-js/blob/master/src/connection.ts',
  },
} as const satisfies Record<string, Limit>;

type LimitName = keyof typeof LIMIT_TABLE;

export const LIMITS = Object.fromEntries(
  Object.entries(LIMIT_TABLE).map(([name, limit]) => [name, limit.value]),
) as { readonly [Name in LimitName]: (typeof LIMIT_TABLE)[Name]['value'] };

/**
 * Stream's per-operation rate limits for server-side calls (requests per minute), sent in the
 * `X-RateLimit-*` headers. The emulator does not count requests: the headers are static, present
 * so that clients that read them see plausible values. Operations not listed get `fallback`.
 */
export const RATE_LIMIT_TABLE = {
  GetOrCreateChannel: { value: 10_000, documented: `${DOCS}/rate_limits_table/` },
  QueryChannels: { value: 10_000, documented: `${DOCS}/rate_limits_table/` },
  SendMessage: { value: 1_000, documented: `${DOCS}/rate_limits_table/` },
  UpdateUsers: { value: 300, documented: `${DOCS}/rate_limits_table/` },
  UpdateChannel: { value: 300, documented: `${DOCS}/rate_limits_table/` },
  UpdateChannelPartial: { value: 300, unsure: 'not listed apart; as UpdateChannel' },
  DeleteChannel: { value: 60, documented: `${DOCS}/rate_limits_table/` },
  GetApp: { value: 60, unsure: 'the table lists Get App at 10,000; 60 as for Update App' },
  UpdateApp: { value: 60, documented: `${DOCS}/rate_limits_table/` },
  fallback: { value: 1_000, unsure: 'the most common figure of the table' },
} as const satisfies Record<string, Limit>;

/** Requests per minute for an operation's `X-RateLimit-Limit`. */
export function rateLimitPerMinute(op: string | undefined): number {
  const entry = (RATE_LIMIT_TABLE as Record<string, Limit>)[op ?? ''];
  return (entry ?? RATE_LIMIT_TABLE.fallback).value;
}
