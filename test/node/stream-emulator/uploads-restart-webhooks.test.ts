/**
 * What the parity scenarios (test/parity) cannot check from a page: a server-side upload (the
 * uploader named in its `user` part) is served; uploads, channel mutes and deactivations survive
 * a restart on the same data directory; channel mutes, (de)activation and user custom events
 * reach the webhook.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StreamChat } from 'stream-chat';
import { afterAll, describe, expect, it } from 'vitest';
import { startStreamEmulator } from '../../../local/stream/server';
import type { DeliveryEntry } from '../../../local/stream/webhooks/delivery';
import { EVENT_WAIT_MS, KEY, SECRET, useStreamEmulator } from './harness';
import { useHookServer } from './hook-server';

describe('uploads across a restart', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('uploads, channel mutes and deactivations survive a restart on the same dataDir', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'stream-uploads-'));
    dirs.push(dataDir);
    const bytes = Buffer.from('kept across restarts\n');
    const first = await startStreamEmulator({ apiKey: KEY, apiSecret: SECRET, dataDir });
    let path: string;
    try {
      const server = new StreamChat(KEY, SECRET, { baseURL: first.url });
      await server.upsertUsers([{ id: 'alice' }, { id: 'bob' }]);
      const channel = server.channel('messaging', 'kept', { created_by_id: 'alice' });
      await channel.create();
      // Channel mutes and deactivations are user state: they are kept too.
      await channel.mute({ user_id: 'alice' });
      await server.deactivateUser('bob');
      const { file } = await channel.sendFile(bytes, 'kept.txt', 'text/plain', {
        id: 'alice',
      } as never);
      path = new URL(file).pathname;
    } finally {
      await first.close();
    }
    expect(readdirSync(join(dataDir, 'uploads'))).toHaveLength(1);

    const second = await startStreamEmulator({ apiKey: KEY, apiSecret: SECRET, dataDir });
    try {
      const response = await fetch(`${second.url}${path}`);
      expect(response.status).toBe(200);
      expect(Buffer.from(await response.arrayBuffer())).toEqual(bytes);
      const alice = new StreamChat(KEY, { baseURL: second.url, allowServerSideConnect: true });
      const signer = new StreamChat(KEY, SECRET, { baseURL: second.url });
      await alice.connectUser({ id: 'alice' }, signer.createToken('alice'));
      expect(alice.mutedChannels.map((mute) => mute.channel?.cid)).toEqual(['messaging:kept']);
      await alice.disconnectUser();
      const { users } = await signer.queryUsers(
        { id: 'bob' },
        {},
        { include_deactivated_users: true },
      );
      expect(users[0]?.deactivated_at).toEqual(expect.any(String));
      // Deleting it after the restart removes the bytes too.
      const server = new StreamChat(KEY, SECRET, { baseURL: second.url });
      await server.channel('messaging', 'kept').deleteFile(`${second.url}${path}`);
      expect(readdirSync(join(dataDir, 'uploads'))).toHaveLength(0);
      expect((await fetch(`${second.url}${path}`)).status).toBe(404);
    } finally {
      await second.close();
    }
  });
});

describe('webhooks of channel mutes, (de)activation and user events', () => {
  const h = useStreamEmulator();
  const target = useHookServer();

  /** The payload of the newest `eventType` delivery, once it is recorded. */
  async function payloadOf(eventType: string): Promise<Record<string, unknown>> {
    const deadline = Date.now() + EVENT_WAIT_MS;
    for (;;) {
      const response = await fetch(`${h.emulator.url}/__control/webhooks?event_type=${eventType}`);
      const [entry] = ((await response.json()) as { deliveries: DeliveryEntry[] }).deliveries;
      if (entry) return entry.payload as Record<string, unknown>;
      if (Date.now() > deadline) throw new Error(`no ${eventType} delivery recorded`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  it('mutes, (de)activation and user custom events reach the webhook', async () => {
    await h.upsert('alice', 'bob');
    await h.createChannel('general');
    await h.sdk.updateAppSettings({ webhook_url: `${target.url}/hook`, webhook_events: [] });
    const channel = h.sdk.channel('messaging', 'general');
    await channel.mute({ user_id: 'bob' });
    await channel.unmute({ user_id: 'bob' });
    await h.sdk.deactivateUser('alice', { created_by_id: 'bob' });
    await h.sdk.reactivateUser('alice');
    await h.sdk.sendUserCustomEvent('bob', { type: 'friendship_request', text: 'hi' } as never);

    for (const type of ['channel.muted', 'channel.unmuted']) {
      expect(await payloadOf(type)).toMatchObject({
        type,
        cid: 'messaging:general',
        user: { id: 'bob' },
      });
    }
    expect(await payloadOf('user.deactivated')).toMatchObject({
      user: { id: 'alice', deactivated_at: expect.any(String) },
      created_by: { id: 'bob' },
    });
    const reactivated = await payloadOf('user.reactivated');
    expect(reactivated).toMatchObject({ user: { id: 'alice' } });
    expect((reactivated.user as Record<string, unknown>).deactivated_at).toBeUndefined();
    expect(await payloadOf('friendship_request')).toMatchObject({
      type: 'friendship_request',
      text: 'hi',
      user: { id: 'bob' },
    });
  });
});
