/**
 * Resend's error body, `{statusCode, name, message}`, with the names and statuses of its error
 * reference (https://resend.com/docs/api-reference/errors).
 */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export function resendError(
  c: Context,
  statusCode: ContentfulStatusCode,
  name: string,
  message: string,
) {
  return c.json({ statusCode, name, message }, statusCode);
}
