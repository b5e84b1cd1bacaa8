import { createRoute, z } from '@hono/zod-openapi';
import { passwordProblems, sameAsAccountProblems } from '../../auth/password-policy';
import { limits } from '../../lib/rate-limit';
import {
  errorResponses,
  jsonBody,
  jsonContent,
  roleSchema,
  tenantSummarySchema,
  text,
  UPSTREAM_ERRORS,
  userSchema,
} from '../common.schemas';

const email = z
  .string()
  .trim()
  .max(254)
  .pipe(z.email('Enter a valid email address'))
  .openapi({ example: 'ekemini@example.com' });

export const registerBody = z
  .object({
    email,
    // Not trimmed: spaces are legitimate password characters. Checked before it is hashed.
    password: z
      .string()
      .superRefine((password, ctx) => {
        for (const message of passwordProblems(password)) ctx.addIssue({ code: 'custom', message });
      })
      .openapi({
        example: 'correct horse battery',
        description: '8–256 characters, not a common password, not your email or name',
        minLength: 8,
        maxLength: 256,
      }),
    name: text(100).openapi({ example: 'Ekemini Samuel' }),
  })
  .superRefine((body, ctx) => {
    for (const message of sameAsAccountProblems(body.password, body)) {
      ctx.addIssue({ code: 'custom', message, path: ['password'] });
    }
  })
  .openapi('RegisterRequest');

export const loginBody = z
  .object({
    email,
    password: z.string().min(1).max(256).openapi({ example: 'correct horse battery' }),
    tenant_id: z.uuid().optional().openapi({ description: 'Scope the token to this tenant' }),
  })
  .openapi('LoginRequest');

const token = z
  .string()
  .openapi({ description: 'API token: send as "Authorization: Bearer <token>"' });

export const registerResponse = z.object({ token, user: userSchema }).openapi('RegisterResponse');

export const loginResponse = z
  .object({
    token,
    user: userSchema,
    tenant: tenantSummarySchema.optional(),
    role: roleSchema.optional(),
  })
  .openapi('LoginResponse');

export const register = createRoute({
  method: 'post',
  path: '/auth/register',
  tags: ['Auth'],
  summary: 'Create an account (also creates the Stream user)',
  middleware: limits.register,
  request: jsonBody(registerBody),
  responses: {
    201: jsonContent(registerResponse, 'Account created; the token is not scoped to a tenant yet'),
    ...errorResponses(400, 409, 415, 429, ...UPSTREAM_ERRORS),
  },
});

export const login = createRoute({
  method: 'post',
  path: '/auth/login',
  tags: ['Auth'],
  summary: 'Log in; the token is scoped to tenant_id, else to your first tenant',
  middleware: limits.login,
  request: jsonBody(loginBody),
  responses: {
    200: jsonContent(loginResponse, 'Logged in'),
    ...errorResponses(400, 401, 403, 415, 429, ...UPSTREAM_ERRORS),
  },
});

export type RegisterRoute = typeof register;
export type LoginRoute = typeof login;
