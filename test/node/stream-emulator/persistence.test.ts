/**
 * State that survives a restart: an emulator started with `dataDir` saves its state and a
 * new emulator on the same directory finds it; a torn temp file never replaces it.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StreamChat } from 'stream-chat';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type StreamEmulator, startStreamEmulator } from '../../../local/stream/server';
import { EVENT_WAIT_MS, KEY, SECRET } from './harness';

let dir: string;
const running: StreamEmulator[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'stream-state-'));
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((e) => e.close()));
  rmSync(dir, { recursive: true, force: true });
});

async function start() {
  const emulator = await startStreamEmulator({ apiKey: KEY, apiSecret: SECRET, dataDir: dir });
  running.push(emulator);
  return { emulator, server: new StreamChat(KEY, SECRET, { baseURL: emulator.url }) };
}

async function stop(emulator: StreamEmulator) {
  running.splice(running.indexOf(emulator), 1);
  await emulator.close();
}

async function seed(server: StreamChat) {
  await server.upsertUsers([{ id: 'alice', name: 'Alice', teams: ['red'] }, { id: 'bob' }]);
  const channel = server.channel('messaging', 'kept', {
    created_by_id: 'alice',
    members: ['alice', 'bob'],
  });
  await channel.create();
  const { message } = await channel.sendMessage({ text: 'still here', user_id: 'alice' });
  await channel.sendMessage({ text: 'a reply', user_id: 'bob', parent_id: message.id });
  await channel.markRead({ user_id: 'bob' });
  await server.updateAppSettings({
    multi_tenant_enabled: true,
    webhook_url: 'http://127.0.0.1:9/hook',
    webhook_events: ['message.new'],
    before_message_send_hook_url: 'http://127.0.0.1:9/before',
    before_message_send_hook_attempt_timeout_ms: 800,
  });
  await server.updateChannelType('messaging', {
    // Stream requires these three on every UpdateChannelType.
    automod: 'disabled',
    automod_behavior: 'flag',
    max_message_length: 5000,
    grants: { guest: ['read-channel'] },
  });
  return message.id;
}

describe('persistence', () => {
  it('keeps users, channels, messages, read state and app settings across a restart', async () => {
    const first = await start();
    const messageId = await seed(first.server);
    await stop(first.emulator);

    const second = await start();
    const { users } = await second.server.queryUsers({ id: { $in: ['alice', 'bob'] } });
    expect(users.map((u) => u.id).sort()).toEqual(['alice', 'bob']);
    expect(users.find((u) => u.id === 'alice')).toMatchObject({ name: 'Alice', teams: ['red'] });
    const state = await second.server.channel('messaging', 'kept').query({});
    expect(state.members.map((m) => m.user_id)).toEqual(['alice', 'bob']);
    expect(state.messages.map((m) => m.text)).toEqual(['still here']);
    expect(state.messages[0]).toMatchObject({ id: messageId, reply_count: 1 });
    expect(state.read?.find((r) => r.user.id === 'bob')?.last_read_message_id).toBe(messageId);
    const { app } = await second.server.getAppSettings();
    expect(app).toMatchObject({
      multi_tenant_enabled: true,
      webhook_url: 'http://127.0.0.1:9/hook',
      webhook_events: ['message.new'],
      before_message_send_hook_url: 'http://127.0.0.1:9/before',
      before_message_send_hook_attempt_timeout_ms: 800,
    });
    const type = await second.server.getChannelType('messaging');
    expect(type.grants?.guest).toEqual(['read-channel']);
    // New records keep working after a reload (ids, incarnations).
    await expect(
      second.server.channel('messaging', 'kept').sendMessage({ text: 'after', user_id: 'bob' }),
    ).resolves.toMatchObject({ message: { text: 'after' } });
  });

  it('keeps blocklists, bans and blocks across a restart', async () => {
    const first = await start();
    await seed(first.server);
    await first.server.createBlockList({ name: 'words', words: ['cream'] });
    await first.server.updateChannelType('messaging', {
      automod: 'disabled',
      automod_behavior: 'flag',
      max_message_length: 5000,
      blocklist: 'words',
      blocklist_behavior: 'block',
    });
    await first.server.channel('messaging', 'kept').banUser('bob', { banned_by_id: 'alice' });
    await first.server.blockUser('bob', 'alice');
    await stop(first.emulator);

    const second = await start();
    expect((await second.server.getBlockList('words')).blocklist.words).toEqual(['cream']);
    expect(await second.server.getChannelType('messaging')).toMatchObject({
      blocklist: 'words',
      blocklist_behavior: 'block',
    });
    const state = await second.server.channel('messaging', 'kept').query({});
    expect(state.members.find((m) => m.user_id === 'bob')?.banned).toBe(true);
    const { blocks } = await second.server.getBlockedUsers('alice');
    expect(blocks.map((b) => b.blocked_user_id)).toEqual(['bob']);
  });

  it('keeps presence (online, watchers) out of the saved state', async () => {
    const { emulator, server } = await start();
    await server.upsertUser({ id: 'alice' });
    await server
      .channel('messaging', 'kept', { created_by_id: 'alice', members: ['alice'] })
      .create();
    const alice = new StreamChat(KEY, { baseURL: emulator.url, allowServerSideConnect: true });
    await alice.connectUser({ id: 'alice' }, server.createToken('alice'));
    const state = await alice.channel('messaging', 'kept').watch();
    expect(state.watchers?.map((user) => user.id)).toEqual(['alice']);
    expect(state.members.find((m) => m.user_id === 'alice')?.user?.online).toBe(true);
    await stop(emulator);
    await alice.disconnectUser();

    const saved = readFileSync(join(dir, 'state.json'), 'utf8');
    expect(saved).not.toContain('"online"');
    expect(saved).not.toContain('watch');
    const again = await start();
    const [channel] = await again.server.queryChannels({ cid: 'messaging:kept' });
    expect(channel?.state.members.alice?.user?.online).toBe(false);
    expect(channel?.state.watcher_count).toBe(0);
  });

  it('saves without a clean close (debounced write)', async () => {
    const { server } = await start();
    await server.upsertUser({ id: 'saved-early' });
    const file = join(dir, 'state.json');
    const deadline = Date.now() + EVENT_WAIT_MS;
    while (!(existsSync(file) && readFileSync(file, 'utf8').includes('saved-early'))) {
      if (Date.now() > deadline) throw new Error('state.json was not written');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(readdirSync(dir)).not.toContain('state.json.tmp');
  });

  it('a torn temp file (interrupted write) never replaces the state', async () => {
    const first = await start();
    await seed(first.server);
    await stop(first.emulator);
    const good = readFileSync(join(dir, 'state.json'), 'utf8');
    writeFileSync(join(dir, 'state.json.tmp'), good.slice(0, good.length / 2));

    const second = await start();
    const state = await second.server.channel('messaging', 'kept').query({});
    expect(state.messages.map((m) => m.text)).toEqual(['still here']);
    expect(existsSync(join(dir, 'state.json.tmp'))).toBe(false);
  });

  it('an unreadable state file is moved aside and the emulator starts empty', async () => {
    writeFileSync(join(dir, 'state.json'), '{"version":1,"users":[');
    const { server } = await start();
    const { users } = await server.queryUsers({});
    expect(users).toEqual([]);
    expect(readdirSync(dir).some((name) => name.startsWith('state.json.corrupt-'))).toBe(true);
  });

  it('without dataDir nothing is written and each start is empty', async () => {
    const emulator = await startStreamEmulator({ apiKey: KEY, apiSecret: SECRET });
    running.push(emulator);
    await new StreamChat(KEY, SECRET, { baseURL: emulator.url }).upsertUser({ id: 'x' });
    expect(readdirSync(dir)).toEqual([]);
  });
});
