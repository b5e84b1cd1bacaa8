/**
 * The local mail stand-in answers Resend's send call as Resend does (key check, validation,
 * Idempotency-Key), lists what it received, keeps it across restarts, and takes faults; and the
 * API's own provider module (src/email/provider.ts) talks to it unchanged.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type MailStandIn, startMailStandIn } from '../../local/mail/server';
import { MailSendError, sendEmail } from '../../src/email/provider';

const KEY = 're_test_key';
const dir = mkdtempSync(join(tmpdir(), 'mail-standin-'));
let mail: MailStandIn;

beforeAll(async () => {
  mail = await startMailStandIn({ port: 0, apiKey: KEY, dataDir: dir });
});
afterEach(() => mail.faults.clear());
afterAll(async () => {
  await mail.close();
  rmSync(dir, { recursive: true, force: true });
});

let n = 0;
const address = () => `someone-${n++}-${Date.now()}@example.com`;

const message = (to: string | string[], extra: Record<string, unknown> = {}) => ({
  from: 'Edge Chat <no-reply@example.com>',
  to,
  subject: 'Hello',
  text: 'Open https://app.example.com/verify-email?token=abc',
  html: '<p>Hello</p>',
  ...extra,
});

function send(body: unknown, headers: Record<string, string> = { authorization: `Bearer ${KEY}` }) {
  return fetch(`${mail.url}/emails`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

async function received(to: string) {
  const res = await fetch(`${mail.url}/__control/messages?to=${encodeURIComponent(to)}`);
  return ((await res.json()) as { messages: Array<Record<string, unknown>> }).messages;
}

describe('POST /emails', () => {
  it("checks the Bearer key with Resend's errors", async () => {
    const to = address();
    const none = await send(message(to), {});
    expect(none.status).toBe(401);
    expect(await none.json()).toMatchObject({ statusCode: 401, name: 'missing_api_key' });
    const wrong = await send(message(to), { authorization: 'Bearer re_other' });
    expect(wrong.status).toBe(403);
    expect(await wrong.json()).toMatchObject({ statusCode: 403, name: 'invalid_api_key' });
    expect(await received(to)).toEqual([]);
  });

  it.each([
    ['no from', { from: undefined }, 'missing_required_field'],
    ['no subject', { subject: undefined }, 'missing_required_field'],
    ['no content', { text: undefined, html: undefined }, 'missing_required_field'],
    ['a bad from', { from: 'nobody' }, 'validation_error'],
    ['a bad to', { to: 'not an address' }, 'validation_error'],
    [
      'too many recipients',
      { to: Array.from({ length: 51 }, () => 'a@example.com') },
      'validation_error',
    ],
  ])('refuses %s (422)', async (_case, extra, name) => {
    const res = await send(message(address(), extra));
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ statusCode: 422, name, message: expect.any(String) });
  });

  it('stores a mail once per Idempotency-Key; another payload under the key is 409', async () => {
    const to = address();
    const headers = { authorization: `Bearer ${KEY}`, 'idempotency-key': `k-${to}` };
    const first = await send(message(to), headers);
    expect(first.status).toBe(200);
    const { id } = (await first.json()) as { id: string };
    const again = await send(message(to), headers);
    expect(await again.json()).toEqual({ id });
    const other = await send(message(to, { subject: 'Changed' }), headers);
    expect(other.status).toBe(409);
    expect(await other.json()).toMatchObject({ name: 'invalid_idempotent_request' });
    expect(await received(to)).toHaveLength(1);
  });

  it('fails the send operation under a fault rule, then recovers', async () => {
    const to = address();
    mail.faults.add({ op: 'SendEmail', status: 503, count: 1 });
    const failed = await send(message(to));
    expect(failed.status).toBe(503);
    expect(await failed.json()).toMatchObject({ statusCode: 503 });
    expect((await send(message(to))).status).toBe(200);
    expect(await received(to)).toHaveLength(1);
  });
});

describe('what it received', () => {
  it('lists mail to an address, newest first, matching case and display names', async () => {
    const to = address();
    await send(message(`Someone <${to.toUpperCase()}>`, { subject: 'first' }));
    await send(message([address(), to], { subject: 'second' }));
    await send(message(address(), { subject: 'not theirs' }));
    const list = await received(to);
    expect(list.map((m) => m.subject)).toEqual(['second', 'first']);
    expect(list[0]).toMatchObject({
      id: expect.any(String),
      to: expect.arrayContaining([to]),
      text: expect.stringContaining('token=abc'),
      html: '<p>Hello</p>',
      created_at: expect.any(String),
    });
  });

  it('shows an inbox page with clickable links and escaped text', async () => {
    const to = address();
    await send(message(to, { subject: '<script>x</script>' }));
    const page = await (await fetch(`${mail.url}/?to=${encodeURIComponent(to)}`)).text();
    expect(page).toContain('&lt;script&gt;x&lt;/script&gt;');
    expect(page).not.toContain('<script>x');
    expect(page).toContain(
      '<a href="https://app.example.com/verify-email?token=abc">https://app.example.com/verify-email?token=abc</a>',
    );
  });

  it('keeps mail and idempotency keys across a restart on the same data directory', async () => {
    const to = address();
    const headers = { authorization: `Bearer ${KEY}`, 'idempotency-key': `restart-${to}` };
    const { id } = (await (await send(message(to), headers)).json()) as { id: string };
    await mail.close();
    mail = await startMailStandIn({ port: 0, apiKey: KEY, dataDir: dir });
    expect((await received(to)).map((m) => m.id)).toEqual([id]);
    expect(await (await send(message(to), headers)).json()).toEqual({ id });
    const health = await fetch(`${mail.url}/__control/health`);
    expect(await health.json()).toMatchObject({ ok: true });
  });
});

describe("the API's provider module against it", () => {
  const config = () => ({
    apiUrl: mail.url,
    apiKey: KEY,
    from: 'Edge Chat <no-reply@example.com>',
  });
  const mailTo = (to: string) => ({ to, subject: 'Hi', text: 'Hi there', html: '<p>Hi there</p>' });

  it('sends, and a retry with the same key sends nothing more', async () => {
    const to = address();
    const id = await sendEmail(config(), mailTo(to), `outbox-${to}`);
    expect(await sendEmail(config(), mailTo(to), `outbox-${to}`)).toBe(id);
    expect(await received(to)).toHaveLength(1);
  });

  it('reports refusals and outages as MailSendError, retryable or not', async () => {
    const to = address();
    const refused = await sendEmail({ ...config(), apiKey: 'wrong' }, mailTo(to), 'x').catch(
      (err: unknown) => err,
    );
    expect(refused).toBeInstanceOf(MailSendError);
    expect(refused).toMatchObject({
      status: 403,
      providerCode: 'invalid_api_key',
      retryable: false,
    });
    mail.faults.add({ op: 'SendEmail', status: 500, count: 1 });
    const down = await sendEmail(config(), mailTo(to), 'y').catch((err: unknown) => err);
    expect(down).toMatchObject({ status: 500, retryable: true });
    mail.faults.add({ op: 'SendEmail', drop: true, count: 1 });
    const gone = await sendEmail(config(), mailTo(to), 'z').catch((err: unknown) => err);
    expect(gone).toMatchObject({ status: undefined, retryable: true });
  });
});
