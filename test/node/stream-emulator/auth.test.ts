/**
 * Authentication: api_key, server and user tokens, expiry, default grants, multi-tenancy.
 * Raw requests for what the SDK cannot send (bad credentials, user tokens).
 */
import { sign } from 'hono/jwt';
import { beforeEach, describe, expect, it } from 'vitest';
import { rejection, SECRET, useStreamEmulator } from './harness';

const h = useStreamEmulator();
const { raw, inspect, upsert, createChannel } = h;

describe('authentication', () => {
  beforeEach(() => upsert('alice', 'bob', 'carol'));

  it('wrong or missing api_key is 401 code 2', async () => {
    const wrong = await rejection(h.sdkClient({ key: 'not-the-key' }).getAppSettings());
    expect(wrong.status).toBe(401);
    expect(wrong.code).toBe(2);
    expect(wrong.message).toBe(
      'StreamChat error code 2: GetApp failed with error: "api_key is invalid"',
    );

    const missing = await raw('POST', '/users', { apiKey: null, body: { users: {} } });
    expect(missing.status).toBe(401);
    expect(missing.body).toMatchObject({
      code: 2,
      message: 'UpdateUsers failed with error: "api_key not provided"',
      StatusCode: 401,
    });
  });

  it('a client with the wrong secret gets 401 code 5', async () => {
    const error = await rejection(h.sdkClient({ secret: 'wrong-secret' }).upsertUser({ id: 'x' }));
    expect(error.status).toBe(401);
    expect(error.code).toBe(5);
    expect(error.message).toBe(
      'StreamChat error code 5: UpdateUsers failed with error: "Token signature is invalid"',
    );
    expect((await inspect()).users.map((u) => u.id)).not.toContain('x');
  });

  it('requires stream-auth-type and a well-formed token', async () => {
    const noType = await raw('GET', '/app', { authType: null });
    expect(noType.status).toBe(401);
    expect(noType.body.message).toBe(
      'GetApp failed with error: "stream-auth-type missing or invalid"',
    );
    const noToken = await raw('GET', '/app', { token: null });
    expect(noToken.status).toBe(401);
    expect(noToken.body.code).toBe(5);
    const bearer = await raw('GET', '/app', {
      token: `Bearer ${await sign({ server: true }, SECRET, 'HS256')}`,
    });
    expect(bearer.status).toBe(401);
    expect(bearer.body.code).toBe(5);
    const garbage = await raw('GET', '/app', { token: 'not-a-jwt' });
    expect(garbage.body.message).toContain('token contains an invalid number of segments');
  });

  it('an expired token is 401 code 40', async () => {
    const expired = h.sdk.createToken('alice', Math.floor(Date.now() / 1000) - 60);
    const response = await raw('POST', '/channels', { token: expired, body: {} });
    expect(response.status).toBe(401);
    expect(response.body.code).toBe(40);
    expect(response.body.message).toBe(
      'QueryChannels failed with error: "JWTAuth error: token is expired (exp)"',
    );
  });

  it('with default grants, user tokens read and write only channels they are members of', async () => {
    await createChannel('members-only', { members: ['alice', 'bob'] });
    const carol = h.sdk.createToken('carol');
    const bob = h.sdk.createToken('bob');
    const body = { data: {}, state: true };

    const outsider = await raw('POST', '/channels/messaging/members-only/query', {
      token: carol,
      body,
    });
    expect(outsider.status).toBe(403);
    expect(outsider.body.code).toBe(17);
    expect(outsider.body.message).toContain(
      "User 'carol' with role 'user' is not allowed to perform action ReadChannel in scope 'messaging'",
    );
    const member = await raw('POST', '/channels/messaging/members-only/query', {
      token: bob,
      body,
    });
    expect(member.status).toBe(201);
    expect(member.body.membership?.user_id).toBe('bob');

    const sent = await raw('POST', '/channels/messaging/members-only/message', {
      token: bob,
      body: { message: { text: 'from bob' } },
    });
    expect(sent.status).toBe(201);
    expect(sent.body.message?.user?.id).toBe('bob');
    const outsiderSend = await raw('POST', '/channels/messaging/members-only/message', {
      token: carol,
      body: { message: { text: 'intruder' } },
    });
    expect(outsiderSend.status).toBe(403);

    const listed = await raw('POST', '/channels', {
      token: carol,
      body: { filter_conditions: {} },
    });
    expect(listed.body.channels).toEqual([]);
    const notAllowed = await raw('POST', '/users', { token: bob, body: { users: {} } });
    expect(notAllowed.status).toBe(403);
    expect(notAllowed.body.code).toBe(17);
    // Creating channels and the rest of the grants model: grants.test.ts.
  });

  it('with multi-tenancy on, user tokens also need the channel team among their teams', async () => {
    await h.sdk.upsertUsers([
      { id: 'red-user', teams: ['red'] },
      { id: 'blue-user', teams: ['blue'] },
    ]);
    await createChannel('red-room', { team: 'red', members: ['red-user', 'blue-user'] });
    const blue = h.sdk.createToken('blue-user');
    const body = { data: {}, state: true };

    // Multi-tenancy off: membership is enough.
    let read = await raw('POST', '/channels/messaging/red-room/query', { token: blue, body });
    expect(read.status).toBe(201);

    await h.sdk.updateAppSettings({ multi_tenant_enabled: true });
    read = await raw('POST', '/channels/messaging/red-room/query', { token: blue, body });
    expect(read.status).toBe(403);
    const listed = await raw('POST', '/channels', { token: blue, body: { filter_conditions: {} } });
    expect(listed.body.channels).toEqual([]);
    const red = h.sdk.createToken('red-user');
    const redList = await raw('POST', '/channels', { token: red, body: { filter_conditions: {} } });
    expect(redList.body.channels?.[0]?.channel?.cid).toBe('messaging:red-room');
    // Server-side requests are not team-restricted.
    expect(await h.sdk.queryChannelsRequest({})).toHaveLength(1);
  });
});
