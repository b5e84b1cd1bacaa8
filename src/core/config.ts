/**
 * Typed configuration parsed from the Worker's bindings (wrangler vars + secrets, or .dev.vars).
 *
 * A missing or weak secret is a configuration error with a message naming the variable; the
 * app answers every request with 500 `misconfigured` until it is fixed (Workers have no startup
 * hook), and the dev launcher checks the same schema before it starts anything.
 */
import * as z from 'zod';

const optionalUrl = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .pipe(z.url().optional());

/**
 * The secrets `.dev.vars.example` ships (test/node/config.test.ts keeps these equal to the file).
 * They are public, so each is refused wherever it guards something real: JWT_SECRET when the
 * database is not the local stand-in (a token signed with it would open real accounts),
 * STREAM_API_SECRET when Stream is not the local emulator, EMAIL_API_KEY when mail does not go
 * to the local mail stand-in.
 */
export const EXAMPLE_SECRETS = {
  JWT_SECRET: 'local-dev-jwt-secret-not-for-production-0123456789',
  STREAM_API_SECRET: 'local-stream-secret-change-me-0123456789abcdef',
  EMAIL_API_KEY: 're_local_mail_key_not_for_production',
} as const;

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** An upstream URL on this machine; empty or unset means the real service. */
const isLocal = (url: string | undefined) => {
  if (!url) return false;
  try {
    return LOCAL_HOSTS.has(new URL(url).hostname);
  } catch {
    return false;
  }
};

const corsList = (value: string | undefined) =>
  (value ?? '')
    .split(',')
    .map((o) => o.trim().replace(/\/$/, ''))
    .filter(Boolean);

const booleanFlag = (whenUnset: boolean) =>
  z
    .enum(['true', 'false', '1', '0', ''])
    .optional()
    .transform((v) => (v === undefined || v === '' ? whenUnset : v === 'true' || v === '1'));

export const configSchema = z
  .object({
    DATABASE_URL: z
      .string({ error: 'DATABASE_URL is required (a postgres:// connection string)' })
      .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgres:// or postgresql:// URL'),
    NEON_HTTP_ENDPOINT: optionalUrl.optional(),
    STREAM_API_KEY: z
      .string({ error: 'STREAM_API_KEY is required' })
      .min(1, 'STREAM_API_KEY is empty'),
    STREAM_API_SECRET: z
      .string({ error: 'STREAM_API_SECRET is required' })
      .min(16, 'STREAM_API_SECRET looks truncated (under 16 characters)'),
    STREAM_BASE_URL: optionalUrl.optional(),
    // On by default: Stream's teams are what keep one tenant's users from seeing another's
    // (user search, channel queries) through their Stream token.
    STREAM_MULTI_TENANT: booleanFlag(true),
    JWT_SECRET: z
      .string({ error: 'JWT_SECRET is required' })
      .refine((s) => new TextEncoder().encode(s).byteLength >= 32, {
        message:
          'JWT_SECRET must be at least 32 bytes (generate one with `openssl rand -base64 48`)',
      }),
    JWT_TTL_SECONDS: z.coerce
      .number()
      .int()
      .min(60, 'JWT_TTL_SECONDS must be at least 60')
      .max(
        3600,
        'JWT_TTL_SECONDS must be at most 3600 so removed members lose access within the hour',
      )
      .default(900),
    CORS_ORIGINS: z.string().optional(),
    /**
     * The API's public URL (e.g. https://chat-api.example.com): where `npm run stream:setup`
     * points Stream's webhooks and before-send hook. The Worker itself does not need it.
     */
    API_PUBLIC_URL: optionalUrl.optional(),
    CORS_ALLOW_CREDENTIALS: booleanFlag(false),
    /** Per-call timeouts for upstream trips; past these the request fails with 504. */
    DB_TIMEOUT_MS: z.coerce.number().int().min(100).max(30_000).default(5_000),
    STREAM_TIMEOUT_MS: z.coerce.number().int().min(100).max(30_000).default(3_000),
    /**
     * Lifetime of the Stream user tokens `GET /stream/token` signs. Stream closes a socket when
     * its token expires, so this bounds how long an open socket outlives a sign-out or removal.
     */
    STREAM_TOKEN_TTL_SECONDS: z.coerce
      .number()
      .int()
      .min(60, 'STREAM_TOKEN_TTL_SECONDS must be at least 60')
      .max(86_400, 'STREAM_TOKEN_TTL_SECONDS must be at most 86400 (a day)')
      .default(600),
    /**
     * How long a write's own Stream push owns its sync marker before a repair may converge it
     * (src/sync/outbox.ts). Must outlast the slowest inline push (a few Stream calls).
     */
    STREAM_SYNC_GRACE_SECONDS: z.coerce.number().int().min(1).max(43_200).default(10),
    /**
     * What a deleted account's messages become in Stream (docs/account-deletion.md): `hard`
     * (gone for good, the default: an erasure erases), `soft` (shown as deleted), `keep`
     * (left as written, by an anonymised user).
     */
    ACCOUNT_DELETION_MESSAGES: z
      .enum(['keep', 'soft', 'hard'], {
        error: 'ACCOUNT_DELETION_MESSAGES must be keep, soft or hard',
      })
      .optional()
      .transform((v) => v ?? 'hard'),
    /** Where mail is sent (Resend's API shape); empty means Resend itself (docs/email.md). */
    EMAIL_API_URL: optionalUrl.optional(),
    EMAIL_API_KEY: z
      .string({ error: 'EMAIL_API_KEY is required (the mail provider API key)' })
      .min(1, 'EMAIL_API_KEY is empty'),
    EMAIL_FROM: z
      .string({ error: 'EMAIL_FROM is required (e.g. "Edge Chat <no-reply@your-domain>")' })
      .trim()
      .min(3, 'EMAIL_FROM is empty'),
    /**
     * How long a queued mail waits before its first send. 0 in production; the tests set it
     * past their run, so a mail is sent when a test reads the mailbox, never in the background
     * of another test (whose injected database faults it would eat).
     */
    EMAIL_SEND_DELAY_SECONDS: z.coerce.number().int().min(0).max(43_200).default(0),
    /**
     * The app people open from a mail: links are `${APP_URL}/verify-email?token=…` and
     * `${APP_URL}/reset-password?token=…` (the frontend posts the token to the API).
     */
    APP_URL: z
      .string({ error: 'APP_URL is required (the frontend URL links in mails open)' })
      .trim()
      .pipe(z.url('APP_URL must be a URL such as https://chat.example.com')),
  })
  .refine((v) => v.STREAM_SYNC_GRACE_SECONDS * 1000 >= 3 * v.STREAM_TIMEOUT_MS, {
    message:
      'STREAM_SYNC_GRACE_SECONDS must be at least 3 × STREAM_TIMEOUT_MS, or repairs could race the pushes they repair',
  })
  .refine((v) => !(v.CORS_ALLOW_CREDENTIALS && corsList(v.CORS_ORIGINS).includes('*')), {
    message: 'CORS_ORIGINS cannot be "*" when CORS_ALLOW_CREDENTIALS is true: list the origins',
  })
  .refine((v) => v.JWT_SECRET !== EXAMPLE_SECRETS.JWT_SECRET || isLocal(v.NEON_HTTP_ENDPOINT), {
    message:
      'JWT_SECRET is the public example from .dev.vars.example, allowed only with the local database stand-in (NEON_HTTP_ENDPOINT on localhost): generate one with `openssl rand -base64 48`',
  })
  .refine((v) => v.EMAIL_API_KEY !== EXAMPLE_SECRETS.EMAIL_API_KEY || isLocal(v.EMAIL_API_URL), {
    message:
      'EMAIL_API_KEY is the public example from .dev.vars.example, allowed only with the local mail stand-in (EMAIL_API_URL on localhost): set your Resend API key with `wrangler secret put EMAIL_API_KEY`',
  })
  .refine(
    (v) => v.STREAM_API_SECRET !== EXAMPLE_SECRETS.STREAM_API_SECRET || isLocal(v.STREAM_BASE_URL),
    {
      message:
        "STREAM_API_SECRET is the public example from .dev.vars.example, allowed only with the local Stream emulator (STREAM_BASE_URL on localhost): use your Stream app's secret from the Stream dashboard",
    },
  );

/** What a deleted account's messages become in Stream. */
export type DeletedMessages = 'keep' | 'soft' | 'hard';
/** Resend's API (https://resend.com/docs/api-reference/emails/send-email). */
export const DEFAULT_EMAIL_API_URL = 'https://api.resend.com';

export interface Config {
  databaseUrl: string;
  neonHttpEndpoint?: string;
  stream: {
    apiKey: string;
    apiSecret: string;
    baseUrl?: string;
    multiTenant: boolean;
    timeoutMs: number;
    /** See STREAM_TOKEN_TTL_SECONDS. */
    tokenTtlSeconds: number;
    /** See STREAM_SYNC_GRACE_SECONDS. */
    syncGraceSeconds: number;
  };
  jwt: { secret: string; ttlSeconds: number };
  /** See ACCOUNT_DELETION_MESSAGES. */
  accountDeletionMessages: DeletedMessages;
  cors: {
    origins: string[];
    credentials: boolean;
    /**
     * Any loopback origin (http(s)://localhost, 127.0.0.1 or [::1], any port) is allowed too:
     * true while the local stand-ins serve the database and Stream (NEON_HTTP_ENDPOINT and
     * STREAM_BASE_URL on this machine), so a dev server on any port works; never in production.
     */
    loopback: boolean;
  };
  dbTimeoutMs: number;
  /** See API_PUBLIC_URL. */
  publicUrl?: string;
  email: {
    apiUrl: string;
    apiKey: string;
    from: string;
    /** See APP_URL (without a trailing slash). */
    appUrl: string;
    /** See EMAIL_SEND_DELAY_SECONDS. */
    sendDelaySeconds: number;
  };
}

export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
  }
}

export function parseConfig(env: Record<string, unknown>): Config {
  const result = configSchema.safeParse(env);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((i) => i.message));
  }
  const v = result.data;
  return {
    databaseUrl: v.DATABASE_URL,
    neonHttpEndpoint: v.NEON_HTTP_ENDPOINT,
    stream: {
      apiKey: v.STREAM_API_KEY,
      apiSecret: v.STREAM_API_SECRET,
      baseUrl: v.STREAM_BASE_URL,
      multiTenant: v.STREAM_MULTI_TENANT,
      timeoutMs: v.STREAM_TIMEOUT_MS,
      tokenTtlSeconds: v.STREAM_TOKEN_TTL_SECONDS,
      syncGraceSeconds: v.STREAM_SYNC_GRACE_SECONDS,
    },
    jwt: { secret: v.JWT_SECRET, ttlSeconds: v.JWT_TTL_SECONDS },
    accountDeletionMessages: v.ACCOUNT_DELETION_MESSAGES,
    cors: {
      origins: corsList(v.CORS_ORIGINS),
      credentials: v.CORS_ALLOW_CREDENTIALS,
      loopback: isLocal(v.NEON_HTTP_ENDPOINT) && isLocal(v.STREAM_BASE_URL),
    },
    dbTimeoutMs: v.DB_TIMEOUT_MS,
    publicUrl: v.API_PUBLIC_URL,
    email: {
      apiUrl: (v.EMAIL_API_URL ?? DEFAULT_EMAIL_API_URL).replace(/\/$/, ''),
      apiKey: v.EMAIL_API_KEY,
      from: v.EMAIL_FROM,
      appUrl: v.APP_URL.replace(/\/$/, ''),
      sendDelaySeconds: v.EMAIL_SEND_DELAY_SECONDS,
    },
  };
}

// Bindings are one object per isolate, so the parse (and its error) happens once, not per request.
const cache = new WeakMap<object, Config>();

export function configFor(env: object): Config {
  let config = cache.get(env);
  if (!config) {
    config = parseConfig(env as Record<string, unknown>);
    cache.set(env, config);
  }
  return config;
}
