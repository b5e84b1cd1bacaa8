/**
 * What a report queue and its resolutions call on Stream, through the server SDK as the API side
 * calls it: getMessage (an unknown id is Stream's error), soft and hard deleteMessage, flags of a
 * message or a user (a second flag by the same user is a code-4 "already" error), and the grants
 * a user token is checked against for the same calls.
 */
import { describe, expect, it } from 'vitest';
import { expectStreamError, nextEvent, useStreamEmulator } from './harness';

const h = useStreamEmulator();

/** alice (owner) and bob in messaging:general, a message from each. */
async function setUp() {
  await h.upsert('alice', 'bob', 'mod');
  await h.createChannel('general');
  const server = h.sdk.channel('messaging', 'general');
  const fromAlice = (await server.sendMessage({ text: 'alice says', user_id: 'alice' })).message;
  const fromBob = (await server.sendMessage({ text: 'bob says', user_id: 'bob' })).message;
  return { server, fromAlice, fromBob };
}

describe('getMessage and deleteMessage', () => {
  it('an unknown id is a code-4 error naming the id', async () => {
    await expectStreamError(
      h.sdk.getMessage('nope'),
      400,
      4,
      'GetMessage failed with error: "Message with id nope doesn\'t exist"',
    );
  });

  it('soft delete: type deleted, content gone unless the server asks for it', async () => {
    const { fromBob } = await setUp();
    const deleted = await h.sdk.deleteMessage(fromBob.id);
    expect(deleted.message).toMatchObject({ id: fromBob.id, type: 'deleted', text: '' });

    const read = await h.sdk.getMessage(fromBob.id);
    expect(read.message).toMatchObject({
      type: 'deleted',
      text: '',
      deleted_at: expect.any(String),
    });
    const original = await h.sdk.getMessage(fromBob.id, { show_deleted_message: true });
    expect(original.message).toMatchObject({ type: 'deleted', text: 'bob says' });
    // The option is server-side only: a user token gets the message without its content.
    const bob = await h.asUser('bob');
    const asBob = await bob.getMessage(fromBob.id, { show_deleted_message: true });
    expect(asBob.message.text).toBe('');

    const state = await h.sdk.channel('messaging', 'general').query({});
    expect(state.messages.map((m) => [m.text, m.type])).toEqual([
      ['alice says', 'regular'],
      ['', 'deleted'],
    ]);
  });

  it('hard delete: the message is gone; deleted_by names who did it', async () => {
    const { fromBob } = await setUp();
    const alice = await h.connect('alice');
    await alice.channel('messaging', 'general').watch();
    const event = nextEvent(alice, 'message.deleted');
    // The SDK's deleteMessage sends no deleted_by; its generic delete does.
    const deleted = await h.sdk.delete<{ message: { id: string; type: string } }>(
      `${h.sdk.baseURL}/messages/${fromBob.id}`,
      { hard: true, deleted_by: 'mod' },
    );
    expect(deleted.message).toMatchObject({ id: fromBob.id, type: 'deleted' });
    expect(await event).toMatchObject({ hard_delete: true, user: { id: 'mod' } });
    await expect(h.sdk.getMessage(fromBob.id)).rejects.toMatchObject({ status: 400, code: 4 });
    const state = await h.sdk.channel('messaging', 'general').query({});
    expect(state.messages.map((m) => m.text)).toEqual(['alice says']);
  });

  it('a user token deletes its own messages (hard too); others’ need delete-message', async () => {
    const { fromAlice, fromBob } = await setUp();
    const bob = await h.asUser('bob');
    await expect(bob.deleteMessage(fromAlice.id)).rejects.toMatchObject({
      status: 403,
      code: 17,
      message: expect.stringContaining(
        "User 'bob' with role 'user' is not allowed to perform action DeleteMessage in scope 'messaging'",
      ),
    });
    await expect(bob.deleteMessage(fromBob.id, true)).resolves.toBeDefined();
    await h.sdk.channel('messaging', 'general').addModerators(['bob']);
    await expect(bob.deleteMessage(fromAlice.id)).resolves.toMatchObject({
      message: { type: 'deleted' },
    });
  });
});

describe('flags', () => {
  it('a second flag of the same message or user by the same user is a code-4 "already" error', async () => {
    const { fromBob } = await setUp();
    const flagged = await h.sdk.flagMessage(fromBob.id, { user_id: 'alice', reason: 'spam' });
    expect(flagged.flag).toMatchObject({
      target_message_id: fromBob.id,
      user: { id: 'alice' },
      reason: 'spam',
      created_by_automod: false,
    });
    await expectStreamError(
      h.sdk.flagMessage(fromBob.id, { user_id: 'alice', reason: 'spam' }),
      400,
      4,
      'Flag failed with error: "message has already been flagged"',
    );
    // Another flagger is a new flag.
    await expect(h.sdk.flagMessage(fromBob.id, { user_id: 'mod' })).resolves.toBeDefined();

    const user = await h.sdk.flagUser('bob', { user_id: 'alice', reason: 'abuse' });
    expect(user.flag).toMatchObject({ target_user: { id: 'bob' }, user: { id: 'alice' } });
    await expectStreamError(
      h.sdk.flagUser('bob', { user_id: 'alice' }),
      400,
      4,
      'Flag failed with error: "user has already been flagged"',
    );
  });

  it('user tokens need flag-message on the channel and flag-user in the app scope', async () => {
    const { fromAlice } = await setUp();
    await h.upsert('outsider');
    const outsider = await h.asUser('outsider');
    // Not a member: `flag-message` comes with channel_member; a user holds only the -owner form.
    await expect(outsider.flagMessage(fromAlice.id)).rejects.toMatchObject({
      status: 403,
      code: 17,
    });
    const bob = await h.asUser('bob');
    await expect(bob.flagMessage(fromAlice.id)).resolves.toBeDefined();
    await h.sdk.updateAppSettings({ grants: { user: ['search-user', 'mute-user'] } });
    await expect(bob.flagUser('alice')).rejects.toMatchObject({ status: 403, code: 17 });
  });

  it('server-side flags must name the flagging user', async () => {
    const { fromBob } = await setUp();
    await expectStreamError(
      h.sdk.flagMessage(fromBob.id),
      400,
      4,
      'Flag failed with error: "user_id is required for server side flags"',
    );
  });
});
