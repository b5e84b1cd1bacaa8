import * as z from 'zod';
import { passwordProblems, sameAsAccountProblems } from '../../auth/password-policy';
import { requireAuth } from '../../http/auth';
import { limits } from '../../http/rate-limit';
import { defineRoute, lazySchema } from '../../http/routes';
import { SIGN_IN_LIMITS } from '../../services/sign-in-throttle';
import {
  BEARER,
  emailInput,
  errorResponses,
  jsonBody,
  jsonContent,
  roleSchema,
  tenantSummarySchema,
  text,
  UPSTREAM_ERRORS,
  userSchema,
} from '../common.schemas';

/**
 * A password a user chooses (register, password change): NIST SP 800-63B rules, checked before
 * it is hashed (src/auth/password-policy.ts). Not trimmed: spaces are legitimate characters.
 */
export const newPassword = lazySchema(() =>
  z
    .string()
    .superRefine((password, ctx) => {
      for (const message of passwordProblems(password)) ctx.addIssue({ code: 'custom', message });
    })
    .meta({
      example: 'correct horse battery',
      description: '8–256 characters, not a common password, not your email or name',
      minLength: 8,
      maxLength: 256,
    }),
);

export const registerBody = lazySchema(() =>
  z
    .object({
      email: emailInput(),
      password: newPassword(),
      name: text(100).meta({ example: 'Ekemini Samuel' }),
      device_label: text(100).optional().meta({
        description: 'Names this sign-in in GET /me/sessions (default: the User-Agent)',
        example: "Ekemini's Pixel 8",
      }),
    })
    .superRefine((body, ctx) => {
      for (const message of sameAsAccountProblems(body.password, body)) {
        ctx.addIssue({ code: 'custom', message, path: ['password'] });
      }
    })
    .meta({ id: 'RegisterRequest' }),
);

export const loginBody = lazySchema(() =>
  z
    .object({
      email: emailInput(),
      password: z.string().min(1).max(256).meta({ example: 'correct horse battery' }),
      tenant_id: z.uuid().optional().meta({ description: 'Scope the token to this tenant' }),
      device_label: text(100).optional().meta({
        description: 'Names this sign-in in GET /me/sessions (default: the User-Agent)',
      }),
      device_token: z.string().min(1).max(200).optional().meta({
        description:
          "The device_token this device received at its last sign-in to this account. Its failed sign-ins then count on it alone: other people's failures cannot delay or lock it out (docs/security.md, API2)",
      }),
    })
    .meta({ id: 'LoginRequest' }),
);

export const refreshBody = lazySchema(() =>
  z
    .object({
      refresh_token: z.string().min(1).max(200),
      tenant_id: z.uuid().optional().meta({
        description: 'Scope the new token to this tenant (default: the tenant of the last token)',
      }),
    })
    .meta({ id: 'RefreshRequest' }),
);

/** Every sign-in answers a token pair: a short access token and a rotating refresh token. */
export const tokenPairSchema = lazySchema(() =>
  z.object({
    token: z
      .string()
      .meta({ description: 'API access token (15 min): "Authorization: Bearer <token>"' }),
    expires_at: z.iso.datetime().meta({ description: 'When `token` expires (its exp)' }),
    refresh_token: z.string().meta({
      description: 'Exchange at POST /auth/refresh before it expires; each use returns a new one',
    }),
    refresh_expires_at: z.iso.datetime().meta({
      description: '30 days after the last refresh, at most 90 days after sign-in',
    }),
  }),
);

/** What a password sign-in gives the device besides the pair: see loginBody's device_token. */
const deviceTokenField = () =>
  z.string().meta({
    description:
      'Keep it on this device and send it with its next POST /auth/login to this account (valid 180 days from this sign-in): it exempts this device from the throttling that other people’s failed sign-ins cause',
  });

export const registerResponse = lazySchema(() =>
  tokenPairSchema()
    .extend({ device_token: deviceTokenField(), user: userSchema() })
    .meta({ id: 'RegisterResponse' }),
);

const signedIn = () =>
  tokenPairSchema().extend({
    user: userSchema(),
    tenant: tenantSummarySchema().optional(),
    role: roleSchema().optional(),
  });

export const loginResponse = lazySchema(() =>
  signedIn().extend({ device_token: deviceTokenField() }).meta({ id: 'LoginResponse' }),
);

export const refreshResponse = lazySchema(() => signedIn().meta({ id: 'RefreshResponse' }));

export const register = defineRoute({
  method: 'post',
  path: '/auth/register',
  tags: ['Auth'],
  summary: 'Create an account (also creates the Stream user)',
  middleware: limits.register,
  request: () => jsonBody(registerBody()),
  responses: () => ({
    201: jsonContent(
      registerResponse(),
      'Account created; the token is not scoped to a tenant yet',
    ),
    ...errorResponses(400, 409, 415, 429, ...UPSTREAM_ERRORS),
  }),
});

export const login = defineRoute({
  method: 'post',
  path: '/auth/login',
  tags: ['Auth'],
  summary: 'Log in; the token is scoped to tenant_id, else to your first tenant',
  description: `Failed sign-ins are counted per account: after ${SIGN_IN_LIMITS.freeFailures} in a row each attempt waits longer (429 login_delayed), and at most ${SIGN_IN_LIMITS.dailyFailures} count per ${SIGN_IN_LIMITS.windowHours} hours (429 login_locked); both answer Retry-After and check no password. A device that sends the device_token of its last sign-in to this account counts on its own and is not held back by other people's failures.`,
  middleware: limits.login,
  request: () => jsonBody(loginBody()),
  responses: () => ({
    200: jsonContent(loginResponse(), 'Logged in'),
    ...errorResponses(400, 401, 403, 415, 429, ...UPSTREAM_ERRORS),
  }),
});

export const refresh = defineRoute({
  method: 'post',
  path: '/auth/refresh',
  middleware: limits.refresh,
  tags: ['Auth'],
  summary: 'Exchange a refresh token for a new token pair (role and tenant read now)',
  description:
    'The refresh token is single-use: the answer carries its successor. Presenting a used one again after 30 s signs the session out (401 refresh_token_reused); within 30 s (parallel refreshes of one app) it still works.',
  request: () => jsonBody(refreshBody()),
  responses: () => ({
    200: jsonContent(refreshResponse(), 'New token pair'),
    ...errorResponses(400, 401, 403, 415, 429, ...UPSTREAM_ERRORS),
  }),
});

export const logout = defineRoute({
  method: 'post',
  path: '/auth/logout',
  tags: ['Auth'],
  security: BEARER,
  middleware: [requireAuth],
  summary: 'Sign out this session: its refresh token stops working (its access token at exp)',
  responses: () => ({
    204: { description: 'Signed out' },
    ...errorResponses(400, 401, ...UPSTREAM_ERRORS),
  }),
});

export type RegisterRoute = typeof register;
export type LoginRoute = typeof login;

const tokenInput = () =>
  z.string().trim().min(16).max(200).meta({
    description: 'The `token` query parameter of the link in the mail',
    example: 'q3b0J0…',
  });

export const verifyEmail = defineRoute({
  method: 'post',
  path: '/auth/verify-email',
  tags: ['Auth'],
  summary: "Confirm an email address with the link's token (also completes an email change)",
  description:
    'Single use; a verification link works for 24 hours, and only the newest one of an account. A token from POST /me/email moves the account to its new address (409 email_taken if another account took it meanwhile).',
  middleware: limits.useAccountToken,
  request: () => jsonBody(z.object({ token: tokenInput() }).meta({ id: 'VerifyEmailRequest' })),
  responses: () => ({
    200: jsonContent(
      z
        .object({
          user: userSchema(),
          email_verified: z
            .literal(true)
            .meta({ description: "The account's email address is confirmed" }),
        })
        .meta({ id: 'VerifyEmailResponse' }),
      "The address is verified (and is now the account's)",
    ),
    ...errorResponses(400, 409, 415, 429, ...UPSTREAM_ERRORS),
  }),
});

export const resendVerification = defineRoute({
  method: 'post',
  path: '/auth/verify-email/resend',
  tags: ['Auth'],
  security: BEARER,
  middleware: [requireAuth, ...limits.resendVerification],
  summary: 'Mail a new verification link to your address (older links stop working)',
  responses: () => ({
    202: jsonContent(
      z
        .object({ email: z.string().meta({ description: 'Where the link goes' }) })
        .meta({ id: 'ResendVerificationResponse' }),
      'The mail is on its way',
    ),
    ...errorResponses(401, 404, 409, 429, ...UPSTREAM_ERRORS),
  }),
});

export const forgotPassword = defineRoute({
  method: 'post',
  path: '/auth/password/forgot',
  tags: ['Auth'],
  summary: 'Mail a password reset link (valid 30 minutes) if an account uses this address',
  description:
    'Answers the same 202 whether or not an account uses the address, so it tells nobody who is registered.',
  middleware: limits.forgotPassword,
  request: () => jsonBody(z.object({ email: emailInput() }).meta({ id: 'ForgotPasswordRequest' })),
  responses: () => ({
    202: jsonContent(
      z
        .object({
          status: z.literal('accepted').meta({
            description: 'Always `accepted`, whether or not an account has this address',
          }),
          message: z.string().meta({ description: 'What to tell the user' }),
        })
        .meta({ id: 'ForgotPasswordResponse' }),
      'Accepted (the same for any address)',
    ),
    ...errorResponses(400, 415, 429, ...UPSTREAM_ERRORS),
  }),
});

export const resetPassword = defineRoute({
  method: 'post',
  path: '/auth/password/reset',
  tags: ['Auth'],
  summary: "Set a new password with the reset link's token: signs out every session",
  description:
    'Single use. Every session is signed out and Stream refuses Stream tokens issued before now, as after POST /me/password; answers a token pair for this device, like a login.',
  middleware: limits.useAccountToken,
  request: () =>
    jsonBody(
      z
        .object({ token: tokenInput(), new_password: newPassword() })
        .meta({ id: 'ResetPasswordRequest' }),
    ),
  responses: () => ({
    200: jsonContent(loginResponse(), 'Password set; signed in'),
    ...errorResponses(400, 415, 429, ...UPSTREAM_ERRORS),
  }),
});
