/** Schemas shared by every route group: the error envelope and the documented error statuses. */
import * as z from 'zod';
import { normalizeText } from '../core/text';
import { lazySchema } from '../http/routes';

const REQUEST_ID = 'b3f1c1de-3c1e-4d59-9c2e-5d1f3a0f2b11';

export const errorSchema = lazySchema(() =>
  z
    .object({
      error: z.string().meta({
        description: 'What went wrong, for people (wording may change: branch on `code`)',
        example: 'The request is invalid; see details',
      }),
      code: z.string().meta({
        description: 'What went wrong, for programs: a stable snake_case code',
        example: 'validation_failed',
      }),
      request_id: z.string().meta({
        description: 'The request id (also the `X-Request-Id` header): quote it in bug reports',
        example: REQUEST_ID,
      }),
      details: z
        .array(
          z.object({
            field: z.string().meta({
              description: 'Where: `body.`, `query.`, `param.` or `header.` and the field path',
            }),
            message: z.string().meta({ description: 'What is wrong with it' }),
          }),
        )
        .optional()
        .meta({
          description: 'One entry per invalid field (400 `validation_failed`)',
          example: [{ field: 'body.name', message: 'Required' }],
        }),
    })
    .meta({ id: 'Error', description: 'The body of every error response' }),
);

/** What each error status means here, with a typical body (shown in the docs). */
const ERRORS = {
  400: ['Invalid input (see details)', 'validation_failed', 'The request is invalid; see details'],
  401: [
    'Missing, invalid or expired token, or bad credentials',
    'invalid_token',
    'The token is invalid',
  ],
  403: [
    'Authenticated but not allowed',
    'insufficient_role',
    'This action needs the admin or moderator role in the tenant',
  ],
  404: [
    'Not found (also for ids of another tenant)',
    'channel_not_found',
    'No such channel in this tenant',
  ],
  409: [
    'Conflicts with existing data',
    'channel_name_taken',
    'A channel with this name already exists in the tenant',
  ],
  410: [
    'Gone: no longer valid',
    'invitation_expired',
    'This invitation has expired; ask for a new one',
  ],
  422: [
    'The Idempotency-Key was already used for a different request',
    'idempotency_key_reused',
    'This Idempotency-Key was already used for a message with different text',
  ],
  413: [
    'The body is larger than 64 KiB',
    'payload_too_large',
    'The request body is larger than the limit of 65536 bytes (64 KiB)',
  ],
  415: [
    'Body is not JSON',
    'unsupported_media_type',
    'Send the request body as JSON with Content-Type: application/json',
  ],
  429: [
    'Over a rate limit: retry after `Retry-After` seconds (`RateLimit` and `RateLimit-Policy` say which limit)',
    'rate_limited',
    'Too many requests (limit "login-email-ip"); retry after 60 seconds',
  ],
  502: [
    'Neon or Stream rejected the request',
    'stream_error',
    'Stream rejected the request (Stream error code -1, HTTP 500)',
  ],
  503: [
    "Neon or Stream is unreachable, or Stream's rate limit was reached (then with `Retry-After`)",
    'database_unavailable',
    'The database is unreachable',
  ],
  504: ['Neon or Stream did not answer in time', 'stream_timeout', 'Stream did not answer in time'],
} as const;

const exampleFor = (status: ErrorStatus) => {
  const [, code, error] = ERRORS[status];
  const details = status === 400 ? { details: [{ field: 'body.name', message: 'Required' }] } : {};
  return { error, code, request_id: REQUEST_ID, ...details };
};

type ErrorStatus = keyof typeof ERRORS;

/**
 * Documents the error statuses a route can answer, all with the one envelope. A route that takes
 * a JSON body (it lists 415) can also answer 413 (the body limit in create-app.ts).
 */
export function errorResponses<S extends ErrorStatus>(...statuses: S[]) {
  const all: ErrorStatus[] = statuses.includes(415 as S) ? [...statuses, 413] : statuses;
  return Object.fromEntries(
    all.map((status) => [
      status,
      {
        description: ERRORS[status][0],
        content: { 'application/json': { schema: errorSchema(), example: exampleFor(status) } },
      },
    ]),
  ) as unknown as {
    [K in S | (415 extends S ? 413 : never)]: {
      description: string;
      content: { 'application/json': { schema: ReturnType<typeof errorSchema>; example: unknown } };
    };
  };
}

/** Statuses every route that calls Neon or Stream can answer. */
export const UPSTREAM_ERRORS = [502, 503, 504] as const;

export const jsonBody = <T extends z.ZodType>(schema: T, description?: string) => ({
  body: { required: true, description, content: { 'application/json': { schema } } },
});

export const jsonContent = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

/**
 * A page of a newest-first list: `{ [key]: item[], next_cursor }`, named `id` in the OpenAPI.
 *
 * @example 200: pageContent('channels', channelSchema(), 'ChannelList', 'A page of channels')
 */
export const pageContent = <K extends string, T extends z.ZodType>(
  key: K,
  item: T,
  id: string,
  description: string,
) =>
  jsonContent(
    z
      .object({
        [key]: z.array(item).meta({ description: 'This page, newest first' }),
        next_cursor: z.string().nullable().meta({
          description: 'Pass as `cursor` for the next (older) page; null on the last page',
        }),
      } as {
        [P in K]: z.ZodArray<T>;
      } & { next_cursor: z.ZodNullable<z.ZodString> })
      .meta({ id }),
    description,
  );

export const roleSchema = lazySchema(() =>
  z.enum(['admin', 'moderator', 'member']).meta({
    id: 'Role',
    description:
      "A member's role in a tenant: `admin` (everything), `moderator` (moderation), `member`",
  }),
);

export const tenantSummarySchema = lazySchema(() =>
  z
    .object({
      id: z.uuid().meta({ description: 'The tenant id' }),
      name: z.string().meta({ description: "The tenant's name" }),
    })
    .meta({ id: 'TenantSummary', description: 'A tenant: its id and name' }),
);

/** An email address as a user types it: trimmed, at most 254 characters (RFC 5321). */
export const emailInput = lazySchema(() =>
  z
    .string()
    .trim()
    .max(254)
    .pipe(z.email('Enter a valid email address'))
    .meta({ example: 'ekemini@example.com' }),
);

export const userSchema = lazySchema(() =>
  z
    .object({
      id: z.uuid().meta({ description: 'The user id (also their Stream user id)' }),
      email: z
        .email()
        .meta({ description: 'The sign-in email address', example: 'ekemini@example.com' }),
      name: z
        .string()
        .meta({ description: 'The display name (also in Stream)', example: 'Ekemini Samuel' }),
    })
    .meta({ id: 'User', description: 'A user account' }),
);

const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\p{White_Space}]/gu;
// With the u flag, \p{Cs} matches only a surrogate that is not half of a pair.
const LONE_SURROGATE = /\p{Cs}/u;
const CONTROL = /\p{Cc}/u;
const CONTROL_BUT_LINES = /(?![\n\t])\p{Cc}/u;

/**
 * Text as both stores get it (Postgres and Stream receive the same code points): normalised by
 * normalizeText; refused (400) with lone surrogates (Postgres would store U+FFFD, Stream the raw
 * unit), control characters (NUL breaks Postgres; `multiline` allows newline and tab), more than
 * `max` characters, and, unless `min` is 0, when nothing visible is left.
 */
export const text = (max: number, min = 1, { multiline = false } = {}) =>
  z
    .string()
    .overwrite(normalizeText)
    .refine(
      (v) => !LONE_SURROGATE.test(v),
      'Must be valid Unicode (an unpaired surrogate was sent)',
    )
    .refine(
      (v) => !(multiline ? CONTROL_BUT_LINES : CONTROL).test(v),
      multiline
        ? 'Must not contain control characters other than newline and tab'
        : 'Must not contain control characters (NUL, newline, tab, …)',
    )
    .max(max)
    .refine(
      (v) => min === 0 || v.replace(INVISIBLE, '').length >= min,
      'Must contain visible characters',
    );

/** What a `stream_id` is, wherever one is answered (the docs' "Stream" tag says more). */
export const STREAM_ID_DESCRIPTION =
  "The channel's Stream channel id, of channel type `messaging`: `client.channel('messaging', stream_id)` in Stream's SDK (its cid is `messaging:<stream_id>`)";

export const BEARER = [{ bearerAuth: [] }];

/** Routes only Stream calls, signed with the app's secret (src/stream/webhooks.ts). */
export const STREAM_SIGNED = [{ streamSignature: [] }];
