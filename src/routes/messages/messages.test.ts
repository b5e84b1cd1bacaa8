import { beforeAll, describe, expect, it } from 'vitest';
import { call, callJson, type ErrorBody, expectError } from '../../../test/api';
import {
  createChannel,
  type TenantWithRoles,
  type TestChannel,
  tenantWithRoles,
  unique,
} from '../../../test/fixtures';
import { streamState } from '../../../test/stand-ins';
import type { ChatMessage } from '../../stream/gateway';

type Sent = { message: ChatMessage };
type Listed = { messages: ChatMessage[]; next_before: string | null };

const send = (token: string, stream_id: string, text: string, headers?: Record<string, string>) =>
  callJson<Sent>('/messages', { token, body: { stream_id, text }, headers });

async function sendAll(token: string, streamId: string, texts: string[]): Promise<ChatMessage[]> {
  const out: ChatMessage[] = [];
  for (const text of texts) {
    const res = await send(token, streamId, text);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    out.push(res.body.message);
  }
  return out;
}

const streamMessages = async (streamId: string) =>
  (await streamState(`messaging:${streamId}`)).messages;
const streamMembers = async (streamId: string) =>
  (await streamState(`messaging:${streamId}`)).channels[0]?.members ?? [];

let t: TenantWithRoles;
let other: TenantWithRoles;
let channel: TestChannel;

beforeAll(async () => {
  [t, other] = await Promise.all([tenantWithRoles(), tenantWithRoles()]);
  channel = await createChannel(t.admin.token, `Messages ${unique()}`);
}, 60_000);

describe('POST /messages', () => {
  it('sends to Stream as the caller, trims the text, and makes the sender a channel member', async () => {
    const ch = await createChannel(t.admin.token, `Send ${unique()}`);
    expect(await streamMembers(ch.stream_id)).toEqual([t.admin.user.id]);
    const res = await send(t.member.token, ch.stream_id, '  Hello EkeminiOS!  ');
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const m = res.body.message;
    expect(m).toMatchObject({
      stream_id: ch.stream_id,
      text: 'Hello EkeminiOS!',
      type: 'regular',
      user_id: t.member.user.id,
      user_name: 'Member',
    });
    expect(m.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(Math.abs(Date.parse(m.created_at) - Date.now())).toBeLessThan(60_000);

    const held = await streamMessages(ch.stream_id);
    expect(held.map((x) => ({ id: x.id, user_id: x.user_id, text: x.text }))).toEqual([
      { id: m.id, user_id: t.member.user.id, text: 'Hello EkeminiOS!' },
    ]);
    expect(new Set(await streamMembers(ch.stream_id))).toEqual(
      new Set([t.admin.user.id, t.member.user.id]),
    );

    // A second send by the same user does not duplicate the membership.
    expect((await send(t.member.token, ch.stream_id, 'again')).status).toBe(201);
    expect(await streamMembers(ch.stream_id)).toHaveLength(2);
  });

  it('takes 1 to 5000 characters after trimming', async () => {
    const max = 'x'.repeat(5000);
    const ok = await send(t.admin.token, channel.stream_id, `\n ${max} \t`);
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body.message.text).toBe(max);
    const before = (await streamMessages(channel.stream_id)).length;
    for (const text of ['', '   ', '\n\t', 'y'.repeat(5001)]) {
      const res = await callJson<ErrorBody>('/messages', {
        token: t.admin.token,
        body: { stream_id: channel.stream_id, text },
      });
      expectError(res, 400, 'validation_failed');
      expect(res.body.details?.map((d) => d.field)).toContain('body.text');
    }
    expect((await streamMessages(channel.stream_id)).length).toBe(before);
  });

  it('validates the body', async () => {
    const token = t.admin.token;
    expectError(
      await callJson('/messages', { token, body: { text: 'hi' } }),
      400,
      'validation_failed',
    );
    expectError(
      await callJson('/messages', { token, body: { stream_id: channel.stream_id } }),
      400,
      'validation_failed',
    );
    expectError(
      await callJson('/messages', { token, body: { stream_id: channel.stream_id, text: 5 } }),
      400,
      'validation_failed',
    );
    expectError(
      await callJson('/messages', { token, body: { stream_id: 'bad id!', text: 'hi' } }),
      400,
      'validation_failed',
    );
    expectError(
      await callJson('/messages', { token, body: { stream_id: 'a'.repeat(65), text: 'hi' } }),
      400,
      'validation_failed',
    );
    expectError(await callJson('/messages', { token, body: '{"stream_id":' }), 400, 'invalid_json');
    expectError(await callJson('/messages', { token, body: [] }), 400, 'validation_failed');
  });

  it('needs a valid tenant-scoped token; every role may send', async () => {
    expectError(
      await callJson('/messages', { body: { stream_id: channel.stream_id, text: 'x' } }),
      401,
      'missing_token',
    );
    expectError(
      await callJson('/messages', {
        token: `${t.member.token}x`,
        body: { stream_id: channel.stream_id, text: 'x' },
      }),
      401,
      'invalid_token',
    );
    expectError(
      await callJson('/messages', {
        token: t.member.user.token,
        body: { stream_id: channel.stream_id, text: 'x' },
      }),
      403,
      'tenant_required',
    );
    for (const role of [t.admin, t.moderator, t.member]) {
      expect((await send(role.token, channel.stream_id, 'role check')).status).toBe(201);
    }
  });

  it("answers 404 for unknown and archived channels and for another tenant's channel; Stream unchanged", async () => {
    const ch = await createChannel(t.admin.token, `Private ${unique()}`);
    await send(t.admin.token, ch.stream_id, 'mine');
    const foreign = await send(other.admin.token, ch.stream_id, 'intrusion');
    expectError(foreign, 404, 'channel_not_found');
    const unknown = await send(
      t.admin.token,
      `${t.tenant.id.slice(0, 8)}-${crypto.randomUUID()}`,
      'nobody',
    );
    expectError(unknown, 404, 'channel_not_found');
    expect((foreign.body as unknown as ErrorBody).error).toBe(
      (unknown.body as unknown as ErrorBody).error,
    );
    expect((await streamMessages(ch.stream_id)).map((m) => m.text)).toEqual(['mine']);
    expect(await streamMembers(ch.stream_id)).toEqual([t.admin.user.id]);

    await callJson(`/channels/${ch.stream_id}`, { method: 'DELETE', token: t.admin.token });
    expectError(await send(t.member.token, ch.stream_id, 'too late'), 404, 'channel_not_found');
    expect((await streamMessages(ch.stream_id)).map((m) => m.text)).toEqual(['mine']);
  });

  describe('Idempotency-Key', () => {
    it('a resend with the same key returns 200 with the same message, held once by Stream', async () => {
      const ch = await createChannel(t.admin.token, `Idem ${unique()}`);
      const key = crypto.randomUUID();
      const first = await send(t.member.token, ch.stream_id, 'exactly once', {
        'Idempotency-Key': key,
      });
      expect(first.status, JSON.stringify(first.body)).toBe(201);
      const second = await send(t.member.token, ch.stream_id, 'exactly once', {
        'Idempotency-Key': key,
      });
      expect(second.status, JSON.stringify(second.body)).toBe(200);
      expect(second.body.message).toEqual(first.body.message);
      // The same key with other text is a client bug, not a retry: refused, nothing posted.
      const third = await send(t.member.token, ch.stream_id, 'changed my mind', {
        'Idempotency-Key': key,
      });
      expectError(third, 422, 'idempotency_key_reused');
      const held = await streamMessages(ch.stream_id);
      expect(held.map((m) => [m.id, m.text])).toEqual([[first.body.message.id, 'exactly once']]);

      const read = await callJson<Listed>(`/messages/${ch.stream_id}`, { token: t.admin.token });
      expect(read.body.messages.map((m) => m.id)).toEqual([first.body.message.id]);
    });

    it('concurrent sends with one key post once', async () => {
      const ch = await createChannel(t.admin.token, `Race ${unique()}`);
      const key = `race-${unique()}`;
      const results = await Promise.all(
        [0, 1, 2].map(() =>
          send(t.moderator.token, ch.stream_id, 'once', { 'Idempotency-Key': key }),
        ),
      );
      expect(results.map((r) => r.status).sort()).toEqual([200, 200, 201]);
      expect(new Set(results.map((r) => r.body.message.id)).size).toBe(1);
      expect((await streamMessages(ch.stream_id)).map((m) => m.text)).toEqual(['once']);
    });

    it('keys are scoped to sender and channel; different keys post again', async () => {
      const ch = await createChannel(t.admin.token, `Scope ${unique()}`);
      const ch2 = await createChannel(t.admin.token, `Scope2 ${unique()}`);
      const key = 'same-key';
      const a = await send(t.member.token, ch.stream_id, 'a', { 'Idempotency-Key': key });
      const b = await send(t.moderator.token, ch.stream_id, 'b', { 'Idempotency-Key': key });
      const c = await send(t.member.token, ch2.stream_id, 'c', { 'Idempotency-Key': key });
      const d = await send(t.member.token, ch.stream_id, 'd', { 'Idempotency-Key': 'another-key' });
      const e = await send(t.member.token, ch.stream_id, 'e');
      expect([a, b, c, d, e].map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
      expect(new Set([a, b, c, d, e].map((r) => r.body.message.id)).size).toBe(5);
      expect((await streamMessages(ch.stream_id)).map((m) => m.text)).toEqual(['a', 'b', 'd', 'e']);
    });

    it('rejects an over-long key', async () => {
      const res = await send(t.member.token, channel.stream_id, 'x', {
        'Idempotency-Key': 'k'.repeat(129),
      });
      expectError(res, 400, 'validation_failed');
    });
  });
});

describe('GET /messages/{stream_id}', () => {
  it('returns messages oldest first; limit defaults to 50; next_before pages back', async () => {
    // 53 sends are more than one user may make in 10 s (MESSAGE_USER_LIMITER): a tenant of its
    // own, whose three users take turns.
    const own = await tenantWithRoles();
    const ch = await createChannel(own.admin.token, `Many ${unique()}`);
    const senders = [own.member.token, own.moderator.token, own.admin.token];
    const sent: ChatMessage[] = [];
    for (let i = 0; i < 53; i++) {
      sent.push(...(await sendAll(senders[i % 3]!, ch.stream_id, [`m${i}`])));
    }
    const first = await callJson<Listed>(`/messages/${ch.stream_id}`, { token: own.admin.token });
    expect(first.status).toBe(200);
    expect(first.body.messages.map((m) => m.text)).toEqual(sent.slice(3).map((m) => m.text));
    expect(first.body.messages[0]).toEqual(sent[3]);
    expect(first.body.next_before).toBe(sent[3]!.id);
    const rest = await callJson<Listed>(
      `/messages/${ch.stream_id}?before=${first.body.next_before}`,
      {
        token: own.member.token,
      },
    );
    expect(rest.body.messages.map((m) => m.text)).toEqual(['m0', 'm1', 'm2']);
    expect(rest.body.next_before).toBeNull();

    const all = await callJson<Listed>(`/messages/${ch.stream_id}?limit=300`, {
      token: own.moderator.token,
    });
    expect(all.body.messages.map((m) => m.id)).toEqual(sent.map((m) => m.id));
    expect(all.body.next_before).toBeNull();
  });

  it('pages back through 7 messages with limit 3: all, in order, no duplicates', async () => {
    const ch = await createChannel(t.admin.token, `Seven ${unique()}`);
    const sent = await sendAll(t.admin.token, ch.stream_id, ['1', '2', '3', '4', '5', '6', '7']);
    const pages: string[][] = [];
    let before: string | null = null;
    do {
      const query: string = `?limit=3${before ? `&before=${before}` : ''}`;
      const res = await callJson<Listed>(`/messages/${ch.stream_id}${query}`, {
        token: t.member.token,
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      pages.push(res.body.messages.map((m) => m.text));
      before = res.body.next_before;
      expect(pages.length).toBeLessThan(10);
    } while (before);
    expect(pages).toEqual([['5', '6', '7'], ['2', '3', '4'], ['1']]);
    expect(pages.reverse().flat()).toEqual(sent.map((m) => m.text));
  });

  it('pages back exactly when the count is a multiple of the limit', async () => {
    const ch = await createChannel(t.admin.token, `Six ${unique()}`);
    await sendAll(t.admin.token, ch.stream_id, ['1', '2', '3', '4', '5', '6']);
    const seen: string[] = [];
    let before: string | null = null;
    for (let i = 0; i < 5; i++) {
      const query: string = `?limit=3${before ? `&before=${before}` : ''}`;
      const res = await callJson<Listed>(`/messages/${ch.stream_id}${query}`, {
        token: t.member.token,
      });
      seen.unshift(...res.body.messages.map((m) => m.text));
      before = res.body.next_before;
      if (!before) break;
    }
    expect(before).toBeNull();
    expect(seen).toEqual(['1', '2', '3', '4', '5', '6']);
  });

  it('is empty for a channel without messages', async () => {
    const ch = await createChannel(t.admin.token, `Quiet ${unique()}`);
    const res = await callJson<Listed>(`/messages/${ch.stream_id}`, { token: t.member.token });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ messages: [], next_before: null });
  });

  it('rejects bad limits with 400 (max 300)', async () => {
    for (const q of ['limit=301', 'limit=0', 'limit=-3', 'limit=abc', 'limit=2.5', 'before=']) {
      expectError(
        await callJson(`/messages/${channel.stream_id}?${q}`, { token: t.member.token }),
        400,
        'validation_failed',
      );
    }
    expect(
      (await callJson(`/messages/${channel.stream_id}?limit=300`, { token: t.member.token }))
        .status,
    ).toBe(200);
    expect(
      (await callJson(`/messages/${channel.stream_id}?limit=1`, { token: t.member.token })).status,
    ).toBe(200);
  });

  it('rejects a before that is not a message of this channel with 400, not a 5xx', async () => {
    const ch = await createChannel(t.admin.token, `Cursor ${unique()}`);
    const [elsewhere] = await sendAll(t.admin.token, channel.stream_id, ['elsewhere']);
    await sendAll(t.admin.token, ch.stream_id, ['here']);
    for (const before of [crypto.randomUUID(), elsewhere!.id, 'nonsense']) {
      const res = await callJson<ErrorBody>(`/messages/${ch.stream_id}?before=${before}`, {
        token: t.member.token,
      });
      expectError(res, 400, 'validation_failed');
      expect(res.body.details?.map((d) => d.field)).toEqual(['query.before']);
    }
  });

  it("answers 404 for unknown channels and another tenant's channel; archived channels stay readable", async () => {
    const ch = await createChannel(t.admin.token, `History ${unique()}`);
    await sendAll(t.member.token, ch.stream_id, ['kept']);
    expectError(
      await callJson(`/messages/${ch.stream_id}`, { token: other.member.token }),
      404,
      'channel_not_found',
    );
    expectError(
      await callJson(`/messages/${ch.stream_id}`, { token: other.admin.token }),
      404,
      'channel_not_found',
    );
    expectError(
      await callJson(`/messages/${t.tenant.id.slice(0, 8)}-${crypto.randomUUID()}`, {
        token: t.member.token,
      }),
      404,
      'channel_not_found',
    );
    await callJson(`/channels/${ch.stream_id}`, { method: 'DELETE', token: t.admin.token });
    const res = await callJson<Listed>(`/messages/${ch.stream_id}`, { token: t.member.token });
    expect(res.status).toBe(200);
    expect(res.body.messages.map((m) => m.text)).toEqual(['kept']);
    // And still not for the other tenant.
    expectError(
      await callJson(`/messages/${ch.stream_id}`, { token: other.member.token }),
      404,
      'channel_not_found',
    );
  });

  it('needs a valid, tenant-scoped token', async () => {
    expectError(await callJson(`/messages/${channel.stream_id}`), 401, 'missing_token');
    expectError(
      await callJson(`/messages/${channel.stream_id}`, { token: t.member.user.token }),
      403,
      'tenant_required',
    );
    const res = await call(`/messages/${channel.stream_id}`, {
      headers: { authorization: 'Basic abc' },
    });
    expect(res.status).toBe(401);
  });
});
