/**
 * Abuse limits on Cloudflare's own limiter: the Workers Rate Limiting binding (`[[ratelimits]]`
 * in wrangler.toml, one namespace per limit). The binding counts per key, per Cloudflare
 * location, in windows of its period (10 or 60 s), and answers only "allowed or not": it says
 * neither how many calls remain nor when its window ends.
 *
 * So what the headers can say (draft-ietf-httpapi-ratelimit-headers):
 * - `RateLimit-Policy` on every response of a limited route: each limit's quota and window,
 *   `"login-ip";q=30;w=60`, from the table below (a node test keeps it equal to wrangler.toml).
 * - On 429 only: `RateLimit: "<policy>";r=0;t=<period>` and `Retry-After: <period>`. The period
 *   is an upper bound (the window may end sooner), never too early. Successful responses carry no
 *   `RateLimit` field: the remaining quota is unknown.
 *
 * Limits run in the order a route lists them and stop at the first refusal, so a refused call
 * does not spend the later limits' budgets.
 *
 * Login has no limit per email here: guesses against one account are counted in the database
 * (src/services/sign-in-throttle.ts), which can tell the account's trusted devices from everyone
 * else; a limit keyed on the email alone would let anyone lock the owner out.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { createMiddleware } from 'hono/factory';
import { ApiError } from '../core/errors';
import { RATE_LIMITS } from './rate-limit-table';
import type { AppEnv } from './types';

export { RATE_LIMITS };

export type LimiterName = keyof typeof RATE_LIMITS;

/** What a limit counts by; undefined skips the limit (e.g. no email in the body: a 400 follows). */
export type KeyFn = (c: Context<AppEnv>) => string | undefined | Promise<string | undefined>;

/**
 * Adds `name`'s quota and window to the response's RateLimit-Policy list. The list lives in a
 * context variable: reading `c.res` before the handler would make Hono build a placeholder
 * response and copy it into the real one on every request.
 */
function addPolicy(c: Context<AppEnv>, name: LimiterName) {
  const { policy, limit, period } = RATE_LIMITS[name];
  const policies = [...(c.get('rateLimitPolicies') ?? []), `"${policy}";q=${limit};w=${period}`];
  c.set('rateLimitPolicies', policies);
  c.header('RateLimit-Policy', policies.join(', '));
}

/**
 * Counts one call against `name` under `key`; over the limit, throws 429 with its headers. For a
 * key known only inside a handler (e.g. a session found by a lookup); routes use `rateLimit`.
 */
export async function enforceLimit(c: Context<AppEnv>, name: LimiterName, key: string) {
  addPolicy(c, name);
  const { success } = await c.env[name].limit({ key });
  if (success) return;
  const { policy, period } = RATE_LIMITS[name];
  c.header('RateLimit', `"${policy}";r=0;t=${period}`);
  c.header('Retry-After', String(period));
  throw new ApiError(
    429,
    'rate_limited',
    `Too many requests (limit "${policy}"); retry after ${period} seconds`,
  );
}

/** Middleware that counts the call against `name` under `key(c)`; over the limit: 429. */
export function rateLimit(name: LimiterName, key: KeyFn): MiddlewareHandler<AppEnv> {
  return createMiddleware<AppEnv>(async (c, next) => {
    const k = await key(c);
    if (k === undefined) addPolicy(c, name);
    else await enforceLimit(c, name, k);
    await next();
  });
}

/**
 * The key for a client address. IPv6 counts by its /64: one subscriber usually holds a whole
 * /64, so single addresses would give an attacker billions of keys. An IPv4-mapped IPv6 address
 * is its IPv4 address.
 */
export function ipKey(raw: string): string {
  const ip = raw.trim();
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
  if (mapped?.[1]) return mapped[1];
  if (!ip.includes(':')) return ip || 'unknown';
  const [head = '', tail = ''] = ip.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = ip.includes('::')
    ? [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

/** The client's address as Cloudflare saw it (it sets CF-Connecting-IP; nothing else is trusted). */
export const clientIp = (c: Context<AppEnv>) => ipKey(c.req.header('cf-connecting-ip') ?? '');

/** A short digest, so keys carry no email in the clear. */
async function digest(text: string): Promise<string> {
  const bytes = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(bytes).slice(0, 16), (b) =>
    b.toString(16).padStart(2, '0'),
  ).join('');
}

/**
 * A key from a string field of the JSON body, normalised by `normalize` and hashed (keys carry
 * no emails or tokens in the clear). Read before the validator (Hono caches the body, so it is
 * parsed once); a body without the field is skipped here and refused by the validator.
 */
export const bodyField =
  (field: string, normalize = (value: string) => value): KeyFn =>
  async (c) => {
    const body: unknown = await c.req.json().catch(() => undefined);
    const value =
      body && typeof body === 'object' ? (body as Record<string, unknown>)[field] : undefined;
    return typeof value === 'string' && normalize(value) ? digest(normalize(value)) : undefined;
  };

/** The email as login compares it: trimmed, case-folded. */
const bodyEmail = bodyField('email', (email) => email.trim().toLowerCase());

const userId = (c: Context<AppEnv>) => c.get('principal')?.userId;

/** The limits each route applies, in order (see the module header for why the order matters). */
export const limits = {
  login: [
    rateLimit('LOGIN_IP_LIMITER', clientIp),
    rateLimit('LOGIN_EMAIL_IP_LIMITER', async (c) => {
      const email = await bodyEmail(c);
      return email && `${email}|${clientIp(c)}`;
    }),
  ],
  register: [rateLimit('REGISTER_IP_LIMITER', clientIp)],
  /**
   * Per address, then per refresh token (hashed): only the token's holder can spend its budget,
   * so junk tokens that carry a victim's session id cannot lock the victim's refresh out.
   */
  refresh: [
    rateLimit('REFRESH_IP_LIMITER', clientIp),
    rateLimit('REFRESH_TOKEN_LIMITER', bodyField('refresh_token')),
  ],
  /** After requireAuth: the principal is known. */
  sendMessage: [rateLimit('MESSAGE_USER_LIMITER', userId)],
  createTenant: [rateLimit('TENANT_CREATE_USER_LIMITER', userId)],
  createChannel: [rateLimit('CHANNEL_CREATE_USER_LIMITER', userId)],
  updateChannel: [rateLimit('CHANNEL_UPDATE_USER_LIMITER', userId)],
  updateProfile: [rateLimit('PROFILE_UPDATE_USER_LIMITER', userId)],
  changePassword: [rateLimit('PASSWORD_CHANGE_USER_LIMITER', userId)],
  createInvitation: [rateLimit('INVITATION_CREATE_USER_LIMITER', userId)],
  report: [rateLimit('REPORT_USER_LIMITER', userId)],
  resendVerification: [rateLimit('VERIFY_RESEND_USER_LIMITER', userId)],
  changeEmail: [rateLimit('EMAIL_CHANGE_USER_LIMITER', userId)],
  /** Per address, then per email: bounds the mail one inbox receives (docs/security.md). */
  forgotPassword: [
    rateLimit('PASSWORD_FORGOT_IP_LIMITER', clientIp),
    rateLimit('PASSWORD_FORGOT_EMAIL_LIMITER', bodyEmail),
  ],
  /** Tokens have 256 bits; this only keeps junk from costing a database read each. */
  useAccountToken: [rateLimit('ACCOUNT_TOKEN_IP_LIMITER', clientIp)],
  moderate: [rateLimit('MODERATION_USER_LIMITER', userId)],
  exportData: [rateLimit('DATA_EXPORT_USER_LIMITER', userId)],
  deleteTenant: [rateLimit('TENANT_DELETE_USER_LIMITER', userId)],
};
