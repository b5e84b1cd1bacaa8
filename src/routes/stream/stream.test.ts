import { env } from 'cloudflare:workers';
import { decode, sign, verify } from 'hono/jwt';
import { afterEach, describe, expect, it } from 'vitest';
import { callJson, type ErrorBody } from '../../../test/api';
import { createChannel, registerUser, tenantWithRoles } from '../../../test/fixtures';
import { captureLogs } from '../../../test/logs';
import { neonFaults, streamFaults } from '../../../test/stand-ins';

interface StreamToken {
  token: string;
  api_key: string;
  user_id: string;
  expires_at: string;
}

const getToken = (token?: string) => callJson<StreamToken>('/stream/token', { token });

/** Calls the Stream emulator as the frontend SDK would, with a user token. */
async function queryChannelsAs(streamToken: StreamToken) {
  const res = await fetch(`${env.STREAM_BASE_URL}/channels?api_key=${streamToken.api_key}`, {
    method: 'POST',
    headers: {
      'stream-auth-type': 'jwt',
      authorization: streamToken.token,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ filter_conditions: { type: 'messaging' } }),
  });
  return {
    status: res.status,
    body: (await res.json()) as { channels?: Array<{ channel: { id: string } }> },
  };
}

afterEach(async () => {
  await Promise.all([neonFaults.clear(), streamFaults.clear()]);
});

describe('GET /stream/token', () => {
  it('returns a Stream user token for the caller, signed with the Stream secret, valid for STREAM_TOKEN_TTL_SECONDS', async () => {
    const user = await registerUser('Streamer');
    const before = Math.floor(Date.now() / 1000);
    const res = await getToken(user.token);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['api_key', 'expires_at', 'token', 'user_id']);
    expect(res.body.api_key).toBe(env.STREAM_API_KEY);
    expect(res.body.user_id).toBe(user.id);

    const payload = await verify(res.body.token, env.STREAM_API_SECRET, 'HS256');
    expect(payload.user_id).toBe(user.id);
    expect(Object.keys(payload).sort()).toEqual(['exp', 'iat', 'user_id']);
    expect(payload.exp! * 1000).toBe(Date.parse(res.body.expires_at));
    expect(new Date(Date.parse(res.body.expires_at)).toISOString()).toBe(res.body.expires_at);
    // The default lifetime: 10 minutes (src/core/config.ts).
    expect(payload.exp! - payload.iat!).toBe(600);
    expect(payload.iat!).toBeGreaterThanOrEqual(before);
    expect(payload.iat!).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
    expect(decode(res.body.token).header).toEqual({ alg: 'HS256', typ: 'JWT' });
  });

  it('is not signed with our API secret, and is not accepted as an API token', async () => {
    const user = await registerUser();
    const { body } = await getToken(user.token);
    await expect(verify(body.token, env.JWT_SECRET, 'HS256')).rejects.toThrow();
    const asApiToken = await callJson<ErrorBody>('/tenants', { token: body.token });
    expect(asApiToken.status).toBe(401);
    expect(asApiToken.body.code).toBe('invalid_token');
  });

  it('names the caller whichever tenant the token is scoped to, and every role may have one', async () => {
    const t = await tenantWithRoles();
    for (const who of [t.admin, t.moderator, t.member]) {
      const scoped = await getToken(who.token);
      const unscoped = await getToken(who.user.token);
      expect(scoped.status).toBe(200);
      expect(scoped.body.user_id).toBe(who.user.id);
      expect(unscoped.body.user_id).toBe(who.user.id);
      expect((await verify(scoped.body.token, env.STREAM_API_SECRET, 'HS256')).user_id).toBe(
        who.user.id,
      );
    }
  });

  it('is accepted by Stream: the user sees the channels they belong to and nothing else', async () => {
    const t = await tenantWithRoles();
    const channel = await createChannel(t.admin.token);
    const sent = await callJson('/messages', {
      token: t.member.token,
      body: { stream_id: channel.stream_id, text: 'hi' },
    });
    expect(sent.status).toBe(201);

    const member = await queryChannelsAs((await getToken(t.member.token)).body);
    expect(member.status, JSON.stringify(member.body)).toBe(201);
    expect(member.body.channels?.map((c) => c.channel.id)).toEqual([channel.stream_id]);

    const outsider = await registerUser();
    const stranger = await queryChannelsAs((await getToken(outsider.token)).body);
    expect(stranger.status, JSON.stringify(stranger.body)).toBe(201);
    expect(stranger.body.channels).toEqual([]);
  });

  it('needs the database (the session read) but not Stream (signed locally)', async () => {
    const user = await registerUser();
    await streamFaults.inject({ op: '*', status: 503, count: 1 });
    const res = await getToken(user.token);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.user_id).toBe(user.id);
    await neonFaults.inject({ op: '*', drop: true, count: 1 });
    const logs = captureLogs();
    const down = await getToken(user.token);
    logs.expectError(down);
    expect(down.status, JSON.stringify(down.body)).toBe(503);
    expect((down.body as unknown as ErrorBody).code).toBe('database_unavailable');
  });

  it('is 401 without a valid token', async () => {
    const missing = await callJson<ErrorBody>('/stream/token');
    expect(missing.status).toBe(401);
    expect(missing.body.code).toBe('missing_token');

    const user = await registerUser();
    const now = Math.floor(Date.now() / 1000);
    const expired = await sign(
      { sub: user.id, iss: 'edge-chat-api', iat: now - 3600, exp: now - 60 },
      env.JWT_SECRET,
    );
    const res = await getToken(expired);
    expect(res.status).toBe(401);
    expect((res.body as unknown as ErrorBody).code).toBe('token_expired');
    expect(res.body).not.toHaveProperty('token');
  });

  it('answers 404 route_not_found to other methods', async () => {
    const user = await registerUser();
    const res = await callJson<ErrorBody>('/stream/token', {
      token: user.token,
      method: 'POST',
      body: {},
    });
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('route_not_found');
  });
});
