/**
 * What a user token may still do once Stream is set up as our backend wants it, and what the
 * emulator does the way Stream does it: the multi-tenant rules for channels without a team and
 * for members of other teams, the `.app` grants (own-user updates), message fields that need a
 * grant or are server-side only, sockets closing when their token expires, and token
 * revocation kept across upserts.
 */
import { StreamChat } from 'stream-chat';
import { beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { setUpStreamApp } from '../../../src/stream/set-up-app';
import { KEY, useStreamEmulator } from './harness';

const h = useStreamEmulator();

/** The SDK's error: HTTP status, Stream code, message. */
async function refusal(call: Promise<unknown>) {
  const err = (await call.then(
    () => undefined,
    (e: unknown) => e,
  )) as { status?: number; code?: number; message?: string; response?: { status: number } };
  expect(err, 'the call succeeded').toBeDefined();
  return { status: err.response?.status ?? err.status, code: err.code, message: err.message ?? '' };
}

describe('multi-tenant rules', () => {
  beforeEach(async () => {
    await h.server.updateAppSettings({ multi_tenant_enabled: true });
    await h.server.upsertUsers([
      { id: 'alice', teams: ['A'] },
      { id: 'bob', teams: ['A'] },
      { id: 'victim', teams: ['B'] },
      { id: 'loner' },
    ]);
  });

  it('a user with teams cannot read a channel without a team; a user without teams can', async () => {
    await h.server
      .channel('messaging', 'teamless', { created_by_id: 'loner', members: ['alice', 'loner'] })
      .create();
    const alice = await h.asUser('alice');
    const refused = await refusal(alice.channel('messaging', 'teamless').query({}));
    expect(refused.status).toBe(403);
    expect(refused.code).toBe(17);
    expect(refused.message).toContain('requested resource does not belong to any team');
    const loner = await h.asUser('loner');
    const read = await loner.channel('messaging', 'teamless').query({});
    expect(read.channel.id).toBe('teamless');
  });

  it('a user token may not make members of another team, at creation or later (default grants)', async () => {
    const alice = await h.asUser('alice');
    const created = await refusal(
      alice.channel('messaging', 'mixed', { team: 'A', members: ['alice', 'victim'] }).create(),
    );
    expect(created).toMatchObject({ status: 403, code: 17 });
    expect(created.message).toContain('user "victim" from teams ["B"]');
    await alice.channel('messaging', 'own', { team: 'A', members: ['alice'] }).create();
    const added = await refusal(alice.channel('messaging', 'own').addMembers(['victim']));
    expect(added).toMatchObject({ status: 403, code: 17 });
    // A member of the same team may be added; the server may add anyone.
    await alice.channel('messaging', 'own').addMembers(['bob']);
    await h.server.channel('messaging', 'own').addMembers(['victim']);
    expect((await h.inspect('messaging:own')).channels[0]?.members.sort()).toEqual([
      'alice',
      'bob',
      'victim',
    ]);
  });
});

describe('the .app grants', () => {
  beforeEach(async () => {
    await h.server.upsertUser({ id: 'alice', name: 'Alice' });
  });

  it("Stream's defaults let a user rename itself; after our setup that is refused", async () => {
    const alice = await h.asUser('alice');
    await alice.partialUpdateUser({ id: 'alice', set: { name: 'Alicia' } });
    expect((await h.inspect()).users.find((u) => u.id === 'alice')?.name).toBe('Alicia');

    await setUpStreamApp(h.config(false));
    const { app } = await h.server.getAppSettings();
    expect(app?.grants?.user).toEqual(['flag-user', 'mute-user', 'search-user']);
    const refused = await refusal(
      alice.partialUpdateUser({
        id: 'alice',
        // A custom field next to the name: not in the SDK's user type.
        set: { name: 'Admin\u202E (staff)', verified_staff: true } as { name: string },
      }),
    );
    expect(refused).toMatchObject({ status: 403, code: 17 });
    expect(refused.message).toContain('not allowed to perform action UpdateUser');
    expect((await h.inspect()).users.find((u) => u.id === 'alice')?.name).toBe('Alicia');
    // The server still may.
    await h.server.partialUpdateUser({ id: 'alice', set: { name: 'Alice' } });
    expect((await h.inspect()).users.find((u) => u.id === 'alice')?.name).toBe('Alice');
  });

  it('refuses an unknown .app permission or role', async () => {
    expect(
      await refusal(h.server.updateAppSettings({ grants: { user: ['create-channel'] } })),
    ).toMatchObject({ status: 400, code: 4 });
    expect(
      await refusal(h.server.updateAppSettings({ grants: { wizard: ['search-user'] } })),
    ).toMatchObject({ status: 400, code: 4 });
  });
});

describe('message fields a user token may not set', () => {
  beforeEach(async () => {
    await h.upsert('alice', 'bob');
    await h.createChannel('room');
    await setUpStreamApp(h.config(false));
  });

  const send = async (message: Record<string, unknown>) =>
    (await h.asUser('alice')).channel('messaging', 'room').sendMessage({ text: 'hi', ...message });

  it.each([
    ['type system', { type: 'system' }, 403, 17, 'creating system messages not allowed'],
    ['pinned', { pinned: true }, 403, 17, 'PinMessage'],
    ['pin_expires', { pin_expires: '2099-01-01T00:00:00Z' }, 403, 17, 'PinMessage'],
    ['html', { html: '<img src=x onerror=alert(1)>' }, 400, 4, 'message.html'],
    ['mml', { mml: '<mml></mml>' }, 400, 4, 'message.mml'],
    ['i18n', { i18n: { fr_text: 'salut' } }, 400, 4, 'message.i18n is a reserved field'],
    [
      'restricted_visibility',
      { restricted_visibility: ['bob'] },
      403,
      17,
      'CreateRestrictedVisibilityMessage',
    ],
    ['poll_id', { poll_id: 'p1' }, 403, 17, 'SendPoll'],
  ] as const)('%s: %i, code %i', async (_field, message, status, code, wording) => {
    const refused = await refusal(send(message));
    expect(refused).toMatchObject({ status, code });
    expect(refused.message).toContain(wording);
    expect((await h.inspect('messaging:room')).messages).toEqual([]);
  });

  it('allows attachments, mentions and custom fields (a frontend must not trust those)', async () => {
    const { message } = await send({
      attachments: [{ type: 'image', image_url: 'https://example.com/a.png' }],
      mentioned_users: ['bob'],
      verified: true,
    });
    expect(message).toHaveProperty('verified', true);
  });

  it('a server token may set all of them', async () => {
    const { message } = await h.server.channel('messaging', 'room').sendMessage({
      text: 'announcement',
      user_id: 'alice',
      type: 'system',
      pinned: true,
      html: '<b>announcement</b>',
    });
    expect(message).toMatchObject({ type: 'system', pinned: true, html: '<b>announcement</b>' });
  });

  it('an edit may not pin or set html either, but may send back a pin it did not make', async () => {
    const alice = await h.asUser('alice');
    const { message } = await alice.channel('messaging', 'room').sendMessage({ text: 'mine' });
    expect(
      await refusal(alice.partialUpdateMessage(message.id, { set: { pinned: true } })),
    ).toMatchObject({ status: 403, code: 17 });
    expect(
      await refusal(alice.partialUpdateMessage(message.id, { set: { html: '<i>x</i>' } })),
    ).toMatchObject({ status: 400, code: 4 });
    await h.server.pinMessage(message.id, null, 'bob');
    const edited = await alice.partialUpdateMessage(message.id, {
      set: { text: 'mine, edited', pinned: true },
    });
    expect(edited.message).toMatchObject({ text: 'mine, edited', pinned: true });
  });
});

describe('tokens and open sockets', () => {
  const now = () => Math.floor(Date.now() / 1000);

  it('closes a socket when its token expires, with a code the SDK reconnects on', async () => {
    await h.server.upsertUser({ id: 'alice' });
    const token = h.server.createToken('alice', now() + 2, now() - 1);
    const params = new URLSearchParams({
      json: JSON.stringify({ user_id: 'alice', user_details: { id: 'alice' } }),
      api_key: KEY,
      authorization: token,
      'stream-auth-type': 'jwt',
    });
    const closed = await new Promise<{ code: number; reason: string; frames: number }>(
      (resolve, reject) => {
        const socket = new WebSocket(`${h.emulator.wsUrl}/connect?${params}`);
        let frames = 0;
        socket.on('message', () => frames++);
        socket.on('close', (code, reason) => resolve({ code, reason: String(reason), frames }));
        socket.on('error', reject);
      },
    );
    expect(closed.frames).toBeGreaterThan(0);
    expect(closed.code).not.toBe(1000);
    expect(closed.reason).toContain('expired');
  });

  it('a revocation refuses new connections and calls with older tokens; open sockets stay', async () => {
    await h.server.upsertUser({ id: 'alice' });
    const old = h.server.createToken('alice', now() + 600, now() - 5);
    const client = new StreamChat(KEY, { baseURL: h.emulator.url, allowServerSideConnect: true });
    await client.connectUser({ id: 'alice' }, old);
    await h.server.revokeUserToken('alice', new Date());
    const again = new StreamChat(KEY, { baseURL: h.emulator.url, allowServerSideConnect: true });
    const refused = await refusal(again.connectUser({ id: 'alice' }, old));
    expect(refused.message).toContain('This token has been revoked');
    expect(client.wsConnection?.isHealthy).toBe(true);
    await client.disconnectUser();
    await again.disconnectUser();
  });

  it('an upsert that does not name the revocation keeps it; one that names it sets it', async () => {
    await h.server.upsertUser({ id: 'alice', name: 'A' });
    const before = new Date(Date.now() + 1000).toISOString();
    await h.server.revokeUserToken('alice', new Date(before));
    await h.server.upsertUser({ id: 'alice', name: 'Renamed' });
    const fresh = h.server.createToken('alice', now() + 600, now());
    const call = (token: string) =>
      h.raw('POST', '/channels', {
        token,
        body: { filter_conditions: { type: 'messaging' } },
      });
    expect((await call(fresh)).status).toBe(401);
    // null lifts it; the SDK's type only has strings for this field.
    await h.server.upsertUser({
      id: 'alice',
      name: 'A',
      revoke_tokens_issued_before: null as unknown as string,
    });
    expect((await call(fresh)).status).toBe(201);
  });
});
