/**
 * The app's stream-chat setup for Workers (src/stream/client.ts) against the Stream emulator:
 * the browser build of the SDK, made a server client with a WebCrypto-signed token.
 */
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { configFor } from '../../src/core/config';
import { createStreamClient } from '../../src/stream/client';
import { streamFaults } from '../stand-ins';

const streamConfig = () => configFor(env).stream;

describe('stream-chat inside workerd', () => {
  it('upserts users, creates a channel, sends and reads messages as a server client', async () => {
    const client = await createStreamClient(streamConfig());
    const id = `wk-${crypto.randomUUID()}`;
    await client.upsertUsers([{ id, name: 'Workerd' }]);
    const channel = client.channel('messaging', `ch-${crypto.randomUUID()}`, {
      created_by_id: id,
      members: [id],
    });
    await channel.create();
    const sent = await channel.sendMessage({
      id: `m-${crypto.randomUUID()}`,
      text: 'hi',
      user_id: id,
    });
    expect(sent.message.text).toBe('hi');
    const state = await channel.query({ messages: { limit: 10 } });
    expect(state.messages.map((m) => m.id)).toEqual([sent.message.id]);
    expect(state.members.map((m) => m.user_id)).toEqual([id]);
  });

  it('surfaces a wrong secret as Stream does (401, code 5)', async () => {
    const client = await createStreamClient({
      ...streamConfig(),
      apiSecret: 'not-the-secret-0123456789',
    });
    const err = await client.upsertUsers([{ id: 'x' }]).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'ErrorFromResponse', status: 401, code: 5 });
  });

  it('times out with the configured timeout', async () => {
    await streamFaults.inject({ op: 'GetApp', latencyMs: 1500, count: 1 });
    const client = await createStreamClient({ ...streamConfig(), timeoutMs: 300 });
    const err = await client.getAppSettings().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(String((err as Error).message)).toMatch(/timeout/i);
    await streamFaults.clear();
  });
});
