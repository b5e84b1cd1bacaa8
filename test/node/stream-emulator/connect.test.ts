/**
 * The client WebSocket: connectUser against the emulator with the real SDK, and refusals
 * reported the way Stream reports them (first frame carries the error, then close 1000).
 */
import { sign } from 'hono/jwt';
import { StreamChat } from 'stream-chat';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { KEY, SECRET, useStreamEmulator } from './harness';

const h = useStreamEmulator();

/** Opens /connect by hand and returns the first frame and the close code. */
function rawConnect(url: string): Promise<{ frame: Record<string, unknown>; close: number }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    let frame: Record<string, unknown> | undefined;
    socket.on('message', (data) => {
      frame ??= JSON.parse(String(data));
    });
    socket.on('close', (code) =>
      frame ? resolve({ frame, close: code }) : reject(new Error(`closed ${code} without a frame`)),
    );
    socket.on('error', reject);
  });
}

function connectUrl(token: string, userId = 'alice'): string {
  const params = new URLSearchParams({
    json: JSON.stringify({ user_id: userId, user_details: { id: userId } }),
    api_key: KEY,
    authorization: token,
    'stream-auth-type': 'jwt',
  });
  return `${h.emulator.wsUrl}/connect?${params}`;
}

describe('connectUser', () => {
  it('resolves with health.check carrying connection_id and me', async () => {
    await h.server.upsertUser({ id: 'alice', name: 'Alice', teams: ['red'] });
    const client = h.userClient();
    const result = await client.connectUser({ id: 'alice' }, h.server.createToken('alice'));
    expect(result?.type).toBe('health.check');
    expect(result?.connection_id).toEqual(expect.any(String));
    expect(result?.me).toMatchObject({
      id: 'alice',
      name: 'Alice',
      teams: ['red'],
      role: 'user',
      mutes: [],
      channel_mutes: [],
      total_unread_count: 0,
    });
    expect(client.wsConnection?.isHealthy).toBe(true);
  });

  it('creates a user that does not exist yet, from the connect details', async () => {
    const client = h.userClient();
    await client.connectUser({ id: 'newcomer', name: 'New' }, h.server.createToken('newcomer'));
    const { users } = await h.server.queryUsers({ id: 'newcomer' });
    expect(users[0]).toMatchObject({ id: 'newcomer', name: 'New' });
  });

  it('a new user connecting cannot give itself a role or teams', async () => {
    const client = h.userClient();
    const me = await client.connectUser(
      { id: 'climber', role: 'admin', teams: ['red'] },
      h.server.createToken('climber'),
    );
    expect(me?.me).toMatchObject({ id: 'climber', role: 'user', teams: [] });
  });

  it('answers the client health-check ping', async () => {
    await h.server.upsertUser({ id: 'alice' });
    const token = await sign({ user_id: 'alice' }, SECRET);
    const socket = new WebSocket(connectUrl(token));
    const frames: Record<string, unknown>[] = [];
    const second = new Promise<Record<string, unknown>>((resolve) => {
      socket.on('message', (data) => {
        frames.push(JSON.parse(String(data)));
        if (frames.length === 1)
          socket.send(JSON.stringify([{ type: 'health.check', client_id: 'alice--1' }]));
        if (frames.length === 2) resolve(frames[1] as Record<string, unknown>);
      });
    });
    const pong = await second;
    socket.close();
    expect(pong).toMatchObject({
      type: 'health.check',
      connection_id: frames[0]?.connection_id,
      cid: '*',
    });
    expect(pong.me).toBeUndefined();
  });

  it('serves the WebSocket on the REST port when the port is not 3030', () => {
    expect(h.emulator.wsPort).toBe(h.emulator.port);
    expect(h.emulator.wsUrl).toBe(h.emulator.url.replace('http', 'ws'));
  });
});

describe('refused connections', () => {
  it('forged signature: connection.error code 5 in-band, then close 1000', async () => {
    const token = await sign({ user_id: 'alice' }, 'not-the-secret');
    const { frame, close } = await rawConnect(connectUrl(token));
    expect(close).toBe(1000);
    expect(frame).toMatchObject({
      type: 'connection.error',
      connection_id: '',
      error: {
        code: 5,
        StatusCode: 401,
        message: 'Connect failed with error: "Token signature is invalid"',
      },
    });
  });

  it('expired token: code 40, and connectUser rejects with the SDK error', async () => {
    const expired = h.server.createToken('alice', Math.floor(Date.now() / 1000) - 60);
    const client = h.userClient();
    const error = await client.connectUser({ id: 'alice' }, expired).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error).toBeInstanceOf(Error);
    const parsed = JSON.parse(error?.message ?? '{}');
    expect(parsed).toMatchObject({ code: 40, StatusCode: 401, isWSFailure: false });
    expect(parsed.message).toContain('token is expired');
  });

  it('revoked token: code 40 "This token has been revoked…", on WS and REST', async () => {
    await h.server.upsertUser({ id: 'alice' });
    const issuedAt = Math.floor(Date.now() / 1000) - 120;
    const old = h.server.createToken('alice', undefined, issuedAt);
    await h.server.revokeUserToken('alice', new Date(Date.now() - 60_000));

    const { frame, close } = await rawConnect(connectUrl(old));
    expect(close).toBe(1000);
    expect(frame).toMatchObject({
      error: {
        code: 40,
        message:
          'Connect failed with error: "This token has been revoked, please generate a new token"',
      },
    });
    const rest = await fetch(`${h.emulator.url}/channels?api_key=${KEY}`, {
      method: 'POST',
      headers: {
        authorization: old,
        'stream-auth-type': 'jwt',
        'content-type': 'application/json',
      },
      body: '{}',
    });
    expect(rest.status).toBe(401);
    expect(await rest.json()).toMatchObject({ code: 40 });

    // A token issued after the revocation date still works.
    const fresh = h.server.createToken('alice', undefined, Math.floor(Date.now() / 1000));
    const client = h.userClient();
    await expect(client.connectUser({ id: 'alice' }, fresh)).resolves.toMatchObject({
      type: 'health.check',
    });
  });

  it('a token for another user than the one connecting is refused', async () => {
    const token = await sign({ user_id: 'mallory' }, SECRET);
    const { frame } = await rawConnect(connectUrl(token, 'alice'));
    expect(frame).toMatchObject({ type: 'connection.error', error: { code: 5 } });
  });
});

describe('the SDK port rewrite', () => {
  it('baseURL http://127.0.0.1:3030 reaches the WebSocket on 8800', async (test) => {
    // Only one emulator on this machine can own 3030: reported as skipped if `npm run dev` has it.
    const { startStreamEmulator } = await import('../../../local/stream/server');
    let emulator: Awaited<ReturnType<typeof startStreamEmulator>>;
    try {
      emulator = await startStreamEmulator({ apiKey: KEY, apiSecret: SECRET, port: 3030 });
    } catch {
      test.skip('port 3030 or 8800 is taken');
      return;
    }
    try {
      expect(emulator.wsPort).toBe(8800);
      const server = new StreamChat(KEY, SECRET, { baseURL: emulator.url });
      await server.upsertUser({ id: 'alice' });
      const client = new StreamChat(KEY, {
        baseURL: 'http://127.0.0.1:3030',
        allowServerSideConnect: true,
      });
      await expect(
        client.connectUser({ id: 'alice' }, server.createToken('alice')),
      ).resolves.toMatchObject({ type: 'health.check' });
      await client.disconnectUser();
    } finally {
      await emulator.close();
    }
  });
});
