/**
 * Sends one mail through Resend's HTTP API with `fetch` (no SDK): `POST {apiUrl}/emails` with
 * `Authorization: Bearer <key>` and `{from, to, subject, text, html}`, answered with `{id}`.
 * The `Idempotency-Key` header makes a retried send deliver once
 * (https://resend.com/docs/api-reference/emails/send-email,
 * https://resend.com/docs/dashboard/emails/idempotency-keys). Errors come as
 * `{statusCode, name, message}` (https://resend.com/docs/api-reference/errors). Locally the
 * same calls go to the mail stand-in (local/mail/).
 */

export interface MailConfig {
  apiUrl: string;
  apiKey: string;
  from: string;
}

export interface Mail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** The provider refused or could not be reached; `retryable` says whether trying again can help. */
export class MailSendError extends Error {
  override name = 'MailSendError';
  constructor(
    message: string,
    readonly status: number | undefined,
    readonly providerCode: string | undefined,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

/** Per call; past it the send counts as failed and is retried (the key keeps it single). */
const TIMEOUT_MS = 10_000;

/** Sends `mail`; the provider's message id. Throws MailSendError. */
export async function sendEmail(
  config: MailConfig,
  mail: Mail,
  idempotencyKey: string,
): Promise<string> {
  let res: Response;
  try {
    res = await fetch(`${config.apiUrl}/emails`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${config.apiKey}`,
        'content-type': 'application/json',
        'idempotency-key': idempotencyKey,
      },
      body: JSON.stringify({ from: config.from, to: [mail.to], ...pick(mail) }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (err) {
    const what = err instanceof Error ? err.name : 'error';
    throw new MailSendError(`mail provider unreachable (${what})`, undefined, undefined, true);
  }
  const body = (await res.json().catch(() => undefined)) as
    | { id?: unknown; name?: unknown; message?: unknown }
    | undefined;
  if (res.ok && typeof body?.id === 'string') return body.id;
  const code = typeof body?.name === 'string' ? body.name : undefined;
  // 429 and 5xx pass; 409 is an idempotency key still in flight. Other 4xx will not change.
  const retryable = res.status === 429 || res.status === 409 || res.status >= 500 || res.ok;
  throw new MailSendError(
    `mail provider answered ${res.status}${code ? ` ${code}` : ''}`,
    res.status,
    code,
    retryable,
  );
}

const pick = ({ subject, text, html }: Mail) => ({ subject, text, html });
