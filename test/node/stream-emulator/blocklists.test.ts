/**
 * Blocklists as Stream has them: server-side CRUD in Stream's shapes, attached to a channel type
 * (`blocklist` + `blocklist_behavior`, or `blocklists`), applied to user-token sends and to
 * server-side sends only with `force_moderation`; block answers a `type: "error"` message and
 * stores nothing, flag stores and flags, shadow_block hides the message from everyone but its
 * sender.
 */
import type { StreamChat } from 'stream-chat';
import { describe, expect, it } from 'vitest';
import type { DeliveryEntry } from '../../../local/stream/webhooks/delivery';
import {
  expectStreamError,
  field,
  recordEvents,
  TIMESTAMP,
  twoWatchers,
  useStreamEmulator,
} from './harness';
import { useHookServer } from './hook-server';

const h = useStreamEmulator();
const target = useHookServer();

/** UpdateChannelType's fields the OpenAPI document requires, at their current values. */
const REQUIRED_TYPE_FIELDS = {
  max_message_length: 5000,
  automod: 'disabled',
  automod_behavior: 'flag',
} as const;

async function attach(client: StreamChat, fields: Record<string, unknown>) {
  return client.updateChannelType('messaging', { ...REQUIRED_TYPE_FIELDS, ...fields });
}

/** A list `words` attached to `messaging` with `behavior`. */
async function listWith(behavior: 'flag' | 'block' | 'shadow_block', words = ['cream', 'fudge']) {
  await h.sdk.createBlockList({ name: 'no-cakes', words });
  await attach(h.sdk, { blocklist: 'no-cakes', blocklist_behavior: behavior });
}

/** alice (owner) and bob, members of messaging:general; clients with their own tokens. */
async function members() {
  await h.upsert('alice', 'bob');
  await h.createChannel('general');
  return {
    alice: (await h.asUser('alice')).channel('messaging', 'general'),
    bob: (await h.asUser('bob')).channel('messaging', 'general'),
  };
}

async function storedTexts(): Promise<string[]> {
  const state = await h.sdk.channel('messaging', 'general').query({ messages: { limit: 50 } });
  return state.messages.map((m) => m.text ?? '');
}

describe('blocklist API', () => {
  it('creates, lists, reads, replaces and deletes lists in Stream shapes', async () => {
    const created = await h.sdk.createBlockList({ name: 'no-cakes', words: ['fudge', 'cream'] });
    expect(field(created, 'blocklist')).toEqual({
      name: 'no-cakes',
      type: 'word',
      words: ['fudge', 'cream'],
      is_leet_check_enabled: false,
      is_plural_check_enabled: false,
      is_confusable_folding_enabled: false,
      is_substring_matching_enabled: false,
      created_at: expect.stringMatching(TIMESTAMP),
      updated_at: expect.stringMatching(TIMESTAMP),
    });
    await h.sdk.createBlockList({ name: 'team-words', words: ['jam'], team: 'red' });

    const all = await h.sdk.listBlockLists();
    expect(all.blocklists.map((l) => l.name)).toEqual([
      'profanity_en_2020_v1',
      'no-cakes',
      'team-words',
    ]);
    const red = await h.sdk.listBlockLists({ team: 'red' });
    expect(red.blocklists.map((l) => [l.name, l.team])).toEqual([['team-words', 'red']]);

    await h.sdk.updateBlockList('no-cakes', { words: ['fudge', 'cream', 'sugar'] });
    const read = await h.sdk.getBlockList('no-cakes');
    expect(read.blocklist.words).toEqual(['fudge', 'cream', 'sugar']);

    await h.sdk.deleteBlockList('no-cakes');
    await expectStreamError(
      h.sdk.getBlockList('no-cakes'),
      404,
      16,
      'GetBlockList failed with error: "blocklist "no-cakes" does not exist"',
    );
    // A team's list is found only with its team.
    await expect(h.sdk.getBlockList('team-words')).rejects.toMatchObject({ code: 16 });
    await expect(h.sdk.getBlockList('team-words', { team: 'red' })).resolves.toBeDefined();
  });

  it('refuses what Stream refuses and what the emulator does not model', async () => {
    await h.sdk.createBlockList({ name: 'words', words: ['one'] });
    const cases: [Promise<unknown>, string][] = [
      [
        h.sdk.createBlockList({ name: 'words', words: ['two'] }),
        'CreateBlockList failed with error: "blocklist "words" already exists"',
      ],
      [
        h.sdk.createBlockList({ name: 'caps', words: ['Cream'] }),
        'CreateBlockList failed with error: "blocklist word "Cream" must be in lowercase"',
      ],
      [
        h.sdk.createBlockList({ name: 'long', words: ['x'.repeat(41)] }),
        `CreateBlockList failed with error: "blocklist word "${'x'.repeat(41)}" must be between 1 and 40 characters"`,
      ],
      [
        h.sdk.createBlockList({ name: 'phrase', words: ['ice-cream'] }),
        'CreateBlockList failed with error: "blocklist word "ice-cream" must be a single word: messages are split at spaces and hyphens"',
      ],
      [
        h.sdk.createBlockList({ name: 'regex', words: ['a.*'], type: 'regex' }),
        'CreateBlockList failed with error: "blocklist type "regex" is not supported by the local Stream emulator"',
      ],
      [
        h.sdk.updateBlockList('profanity_en_2020_v1', { words: ['fudge'] }),
        'UpdateBlockList failed with error: "cannot update the builtin block list "profanity_en_2020_v1""',
      ],
      [
        h.sdk.deleteBlockList('profanity_en_2020_v1'),
        'DeleteBlockList failed with error: "cannot delete the builtin block list "profanity_en_2020_v1""',
      ],
    ];
    for (const [call, message] of cases) await expectStreamError(call, 400, 4, message);

    for (let i = 1; i < 15; i += 1) await h.sdk.createBlockList({ name: `l${i}`, words: ['w'] });
    await expectStreamError(
      h.sdk.createBlockList({ name: 'sixteenth', words: ['w'] }),
      400,
      4,
      'CreateBlockList failed with error: "an app can have at most 15 blocklists"',
    );

    await h.upsert('alice');
    const alice = await h.asUser('alice');
    await expect(alice.listBlockLists()).rejects.toMatchObject({ status: 403, code: 17 });
  });

  it('attaches lists to a channel type, shows them in its config, detaches deleted lists', async () => {
    await h.sdk.createBlockList({ name: 'a', words: ['one'] });
    await h.sdk.createBlockList({ name: 'b', words: ['two'] });
    await attach(h.sdk, {
      blocklist: 'a',
      blocklist_behavior: 'block',
      blocklists: [{ blocklist: 'b', behavior: 'shadow_block' }],
    });
    const type = await h.sdk.getChannelType('messaging');
    expect(type).toMatchObject({
      blocklist: 'a',
      blocklist_behavior: 'block',
      blocklists: [{ blocklist: 'b', behavior: 'shadow_block' }],
    });
    await expectStreamError(
      attach(h.sdk, { blocklist: 'missing' }),
      404,
      16,
      'UpdateChannelType failed with error: "blocklist "missing" does not exist"',
    );
    await h.sdk.deleteBlockList('a');
    await h.sdk.deleteBlockList('b');
    const after = await h.sdk.getChannelType('messaging');
    expect(field(after, 'blocklist')).toBeUndefined();
    expect(field(after, 'blocklists')).toEqual([]);
  });
});

describe('blocklist behaviors', () => {
  it('block: the sender gets an error message, nothing is stored, watchers hear nothing', async () => {
    const { aliceChannel, bob } = await twoWatchers(h);
    await listWith('block');
    const heard = recordEvents(bob, 'message.new');
    const { message } = await aliceChannel.sendMessage({ text: 'More CREAM, please!' });
    expect(message).toMatchObject({
      type: 'error',
      text: 'Message was blocked by moderation policies',
      user: { id: 'alice' },
      moderation: {
        action: 'remove',
        original_text: 'More CREAM, please!',
        blocklists_matched: ['no-cakes'],
      },
    });
    // A user token's force_moderation changes nothing: its sends are always checked.
    const unforced = await aliceChannel.sendMessage({ text: 'fudge' }, { force_moderation: false });
    expect(unforced.message.type).toBe('error');
    await aliceChannel.sendMessage({ text: 'fine' });
    await expect.poll(() => heard.events.map((e) => e.message?.text)).toEqual(['fine']);
    heard.stop();
    expect(await storedTexts()).toEqual(['fine']);
  });

  it('matches whole words, any case, split at spaces and hyphens', async () => {
    const { alice } = await members();
    await listWith('block');
    const outcome = async (text: string) => (await alice.sendMessage({ text })).message.type;
    for (const text of ['cream', 'Ice cream and sighed', 'cream-cheese', 'FUDGE.', '(fudge)']) {
      expect([text, await outcome(text)]).toEqual([text, 'error']);
    }
    for (const text of ['creamcheese', 'I did not enjoy Scream', 'fudged']) {
      expect([text, await outcome(text)]).toEqual([text, 'regular']);
    }
  });

  it('server-side sends skip the lists unless force_moderation is set', async () => {
    await members();
    await listWith('block');
    const server = h.sdk.channel('messaging', 'general');
    const plain = await server.sendMessage({ text: 'cream', user_id: 'alice' });
    expect(plain.message.type).toBe('regular');
    const forced = await server.sendMessage(
      { text: 'fudge', user_id: 'alice' },
      { force_moderation: true },
    );
    expect(forced.message).toMatchObject({
      type: 'error',
      text: 'Message was blocked by moderation policies',
    });
    expect(await storedTexts()).toEqual(['cream']);
  });

  it('skips senders holding skip-message-moderation (a channel moderator)', async () => {
    const { alice, bob } = await members();
    await listWith('block');
    await h.sdk.channel('messaging', 'general').addModerators(['bob']);
    expect((await bob.sendMessage({ text: 'cream' })).message.type).toBe('regular');
    expect((await alice.sendMessage({ text: 'cream' })).message.type).toBe('error');
  });

  it('flag: the message is stored and flagged by automod (message.flagged webhook)', async () => {
    const { alice } = await members();
    await listWith('flag');
    await h.sdk.updateAppSettings({
      webhook_url: `${target.url}/hook`,
      webhook_events: ['message.flagged'],
    });
    const { message } = await alice.sendMessage({ text: 'fudge again' });
    expect(message).toMatchObject({ type: 'regular', text: 'fudge again' });
    expect(await storedTexts()).toEqual(['fudge again']);

    const [delivery] = await flaggedDeliveries();
    expect(delivery?.payload).toMatchObject({
      type: 'message.flagged',
      message: { id: message.id, user: { id: 'alice' } },
      total_flags: 1,
      flag: { created_by_automod: true, target_message_id: message.id },
    });
    expect(field(delivery?.payload, 'user')).toBeUndefined();
    // The automod flag is not alice's: she may still flag the message herself.
    await expect(h.sdk.flagMessage(message.id, { user_id: 'alice' })).resolves.toBeDefined();
  });

  it('shadow_block: stored, shadowed to everyone but the sender', async () => {
    const { aliceChannel, bobChannel, bob } = await twoWatchers(h);
    await listWith('shadow_block');
    const heard = recordEvents(bob, 'message.new');
    const { message } = await aliceChannel.sendMessage({ text: 'cream' });
    expect(message).toMatchObject({ type: 'regular', shadowed: false });

    const own = await aliceChannel.query({});
    expect(own.messages.map((m) => [m.text, m.shadowed])).toEqual([['cream', false]]);
    const others = await bobChannel.query({});
    expect(others.messages.map((m) => [m.text, m.shadowed])).toEqual([['cream', true]]);
    const server = await h.sdk.getMessage(message.id);
    expect(server.message.shadowed).toBe(true);

    // Bob's connection got the event as shadowed (the SDK drops it) and no unread count.
    await expect.poll(() => heard.events.map((e) => e.message?.shadowed)).toEqual([true]);
    heard.stop();
    expect(bobChannel.state.messages.map((m) => m.text)).toEqual([]);
    expect((await bob.getUnreadCount()).total_unread_count).toBe(0);
  });
});

/** The record lists a delivery the moment its event is emitted, so no waiting is needed. */
async function flaggedDeliveries(): Promise<DeliveryEntry[]> {
  const response = await fetch(`${h.emulator.url}/__control/webhooks?event_type=message.flagged`);
  return ((await response.json()) as { deliveries: DeliveryEntry[] }).deliveries;
}
