/**
 * What Resend checks in `POST /emails` before it accepts a mail
 * (https://resend.com/docs/api-reference/emails/send-email): `from`, `to` (one address or a
 * list, at most 50) and `subject` are required; `html` or `text` gives the content; addresses
 * are `a@b` or `Name <a@b>`.
 */
export interface SendInput {
  from: string;
  to: string[];
  cc: string[];
  bcc: string[];
  reply_to: string[];
  subject: string;
  text: string;
  html: string;
}

export type Validation =
  | { ok: true; input: SendInput }
  | { ok: false; name: 'missing_required_field' | 'validation_error'; message: string };

const ADDRESS = /^(?:[^<>]*<\s*)?[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+(?:\s*>)?$/;

const list = (value: unknown): string[] | undefined => {
  if (value === undefined || value === null) return [];
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value;
  return undefined;
};

export function validateSend(body: unknown): Validation {
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    return { ok: false, name: 'validation_error', message: 'The body must be a JSON object.' };
  }
  const b = body as Record<string, unknown>;
  const missing = ['from', 'to', 'subject'].filter((k) => b[k] === undefined || b[k] === '');
  if (missing.length > 0) {
    return {
      ok: false,
      name: 'missing_required_field',
      message: `Missing \`${missing.join('`, `')}\` field.`,
    };
  }
  if (typeof b.from !== 'string' || !ADDRESS.test(b.from)) {
    return {
      ok: false,
      name: 'validation_error',
      message:
        'Invalid `from` field. The email address needs to follow the `email@example.com` or `Name <email@example.com>` format.',
    };
  }
  const fields = { to: list(b.to), cc: list(b.cc), bcc: list(b.bcc), reply_to: list(b.reply_to) };
  for (const [field, addresses] of Object.entries(fields)) {
    if (!addresses || addresses.some((a) => !ADDRESS.test(a))) {
      return { ok: false, name: 'validation_error', message: `Invalid \`${field}\` field.` };
    }
  }
  if (fields.to!.length === 0 || fields.to!.length > 50) {
    return { ok: false, name: 'validation_error', message: '`to` takes 1 to 50 addresses.' };
  }
  if (typeof b.subject !== 'string') {
    return { ok: false, name: 'validation_error', message: 'Invalid `subject` field.' };
  }
  const text = b.text ?? '';
  const html = b.html ?? '';
  if (typeof text !== 'string' || typeof html !== 'string') {
    return { ok: false, name: 'validation_error', message: '`text` and `html` must be strings.' };
  }
  if (!text && !html) {
    return {
      ok: false,
      name: 'missing_required_field',
      message: 'Missing `html` or `text` field.',
    };
  }
  return {
    ok: true,
    input: {
      from: b.from,
      to: fields.to!,
      cc: fields.cc!,
      bcc: fields.bcc!,
      reply_to: fields.reply_to!,
      subject: b.subject,
      text,
      html,
    },
  };
}
