/**
 * Test-side access to the stand-ins' local-only control surfaces (fault injection, inspection),
 * called over HTTP from inside workerd like any other client.
 */
import { env } from 'cloudflare:workers';
import type { StreamChat } from 'stream-chat';
import { expect } from 'vitest';
import type { FaultRuleInput } from '../local/faults';
import { servicesFor } from '../src/runtime/services';
import { sendOutboxEmail } from '../src/services/email-outbox';
import { createStreamClient } from '../src/stream/client';

async function control(base: string, path: string, init?: RequestInit): Promise<Response> {
  const res = await fetch(`${base}/__control${path}`, init);
  if (!res.ok) throw new Error(`control ${path}: HTTP ${res.status} ${await res.text()}`);
  return res;
}

function faultsOf(base: () => string) {
  return {
    async inject(rule: FaultRuleInput): Promise<void> {
      await control(base(), '/faults', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(rule),
      });
    },
    async clear(): Promise<void> {
      await control(base(), '/faults', { method: 'DELETE' });
    },
  };
}

/** Reads the database through the Neon stand-in's SQL endpoint (not through the app). */
export async function dbRows<T>(query: string, params: unknown[] = []): Promise<T[]> {
  const res = await fetch(env.NEON_HTTP_ENDPOINT, {
    method: 'POST',
    headers: { 'Neon-Connection-String': env.DATABASE_URL, 'content-type': 'application/json' },
    body: JSON.stringify({ query, params }),
  });
  if (!res.ok) throw new Error(`SQL ${query}: HTTP ${res.status} ${await res.text()}`);
  return ((await res.json()) as { rows: T[] }).rows;
}

export const neonFaults = faultsOf(() => env.TEST_NEON_CONTROL_URL);
export const streamFaults = faultsOf(() => env.TEST_STREAM_CONTROL_URL);
/** Faults of the mail stand-in; its send operation is `SendEmail`. */
export const mailFaults = faultsOf(() => env.TEST_MAIL_CONTROL_URL);

/** A message the mail stand-in received. */
export interface ReceivedMail {
  id: string;
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  created_at: string;
}

/**
 * Sends the mail still queued for `address`, as the queue consumer would (tests delay the queue
 * past their run: vitest.config.ts). A send that fails (an injected fault) stays unsent.
 */
export async function deliverQueuedMail(address: string): Promise<void> {
  const pending = await dbRows<{ id: string }>(
    'select id from email_outbox where sent_at is null and lower(to_address) = lower($1) order by created_at',
    [address],
  );
  for (const { id } of pending) await sendOutboxEmail(servicesFor(env), id);
}

/**
 * What the mail stand-in received for `address`, newest first, once the mail queued for it is
 * sent (`deliver: false` only reads).
 */
export async function mailbox(address: string, { deliver = true } = {}): Promise<ReceivedMail[]> {
  if (deliver) await deliverQueuedMail(address);
  const res = await control(
    env.TEST_MAIL_CONTROL_URL,
    `/messages?to=${encodeURIComponent(address)}`,
  );
  return ((await res.json()) as { messages: ReceivedMail[] }).messages;
}

/** The newest of at least `count` mails to `to` whose subject matches, polled until sent. */
export async function mailTo(to: string, subject: RegExp, count = 1): Promise<ReceivedMail> {
  let found: ReceivedMail[] = [];
  await expect
    .poll(async () => {
      found = (await mailbox(to)).filter((m) => subject.test(m.subject));
      return found.length;
    })
    .toBeGreaterThanOrEqual(count);
  return found[0]!;
}

/** The `token=` value of the first link in a mail's text that carries one. */
export function tokenFrom(mail: ReceivedMail): string {
  const url = /https?:\/\/\S*[?&]token=[^\s&]+/.exec(mail.text)?.[0];
  const token = url ? new URL(url).searchParams.get('token') : null;
  if (!token) throw new Error(`no token link in mail "${mail.subject}"`);
  return token;
}

export interface StreamChannelState {
  cid: string;
  type: string;
  id: string;
  team?: string;
  data: Record<string, unknown>;
  deleted_at?: string | null;
  frozen?: boolean;
  members: string[];
  message_count: number;
}

export interface StreamState {
  users: Array<{ id: string; name?: string; teams?: string[]; mutes: string[] }>;
  channels: StreamChannelState[];
  messages: Array<{
    id: string;
    cid: string;
    user_id: string;
    text: string;
    created_at: string;
    deleted_at: string | null;
  }>;
}

export async function streamState(cid?: string): Promise<StreamState> {
  const query = cid ? `?cid=${encodeURIComponent(cid)}` : '';
  return (await control(env.TEST_STREAM_CONTROL_URL, `/state${query}`)).json();
}

/** A Stream server client of the app under test: what another backend on the same app could do. */
export const streamServer = (): Promise<StreamChat> =>
  createStreamClient(servicesFor(env).config.stream);

/** A channel made behind our API's back (server-side), tagged with a tenant, with one member. */
export async function createRogueChannel(
  client: StreamChat,
  ref: { type: string; id: string },
  tenantId: string,
  memberId: string,
): Promise<void> {
  await client
    .channel(ref.type, ref.id, {
      created_by_id: memberId,
      members: [memberId],
      tenant_id: tenantId,
    })
    .create();
}
