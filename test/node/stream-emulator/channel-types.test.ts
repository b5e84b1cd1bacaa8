/** Channel types API of the emulator (ListChannelTypes, GetChannelType, UpdateChannelType). */
import { describe, expect, it } from 'vitest';
import { DEFAULT_GRANTS } from '../../../local/stream/grants';
import { expectStreamError, useStreamEmulator } from './harness';

const h = useStreamEmulator();

/** The fields UpdateChannelType requires, with the current values (as stream:setup sends them). */
const REQUIRED = {
  automod: 'disabled',
  automod_behavior: 'flag',
  max_message_length: 5000,
} as const;

describe('channel types', () => {
  it('lists and reads the built-in types with their grants, in Stream’s shape', async () => {
    const list = await h.server.listChannelTypes();
    expect(Object.keys(list.channel_types).sort()).toEqual(
      ['ai', 'commerce', 'gaming', 'livestream', 'messaging', 'team'].sort(),
    );
    expect(list.channel_types.messaging?.grants).toEqual(DEFAULT_GRANTS);

    const type = await h.server.getChannelType('messaging');
    expect(type).toMatchObject({
      name: 'messaging',
      typing_events: true,
      read_events: true,
      max_message_length: 5000,
      automod: 'disabled',
      permissions: [],
    });
    expect(type.duration).toMatch(/ms$/);
    await expectStreamError(
      h.server.getChannelType('nope'),
      404,
      16,
      'GetChannelType failed with error: "channel type "nope" does not exist"',
    );
  });

  it('UpdateChannelType replaces the named roles only; grants: null resets', async () => {
    const updated = await h.server.updateChannelType('messaging', {
      ...REQUIRED,
      grants: { user: ['update-message-owner'], guest: [] },
      typing_events: false,
    });
    expect(updated.grants.user).toEqual(['update-message-owner']);
    expect(updated.grants.channel_member).toEqual(DEFAULT_GRANTS.channel_member);
    expect(updated.typing_events).toBe(false);

    // A second update naming another role keeps the first one's change.
    await h.server.updateChannelType('messaging', {
      ...REQUIRED,
      grants: { channel_member: ['read-channel'] },
    });
    const both = await h.server.getChannelType('messaging');
    expect(both.grants.user).toEqual(['update-message-owner']);
    expect(both.grants.channel_member).toEqual(['read-channel']);
    // Other types are untouched, and channels carry their type's flags.
    expect((await h.server.getChannelType('team')).grants.user).toEqual(DEFAULT_GRANTS.user);
    await h.server.upsertUser({ id: 'ann' });
    const created = await h.server.channel('messaging', 'flags', { created_by_id: 'ann' }).create();
    expect(created.channel.config?.typing_events).toBe(false);

    const reset = await h.server.updateChannelType('messaging', {
      ...REQUIRED,
      grants: null as unknown as Record<string, string[]>, // the SDK types omit the documented null
    });
    expect(reset.grants).toEqual(DEFAULT_GRANTS);
  });

  it('validates updates and is server-side only', async () => {
    // Each body is refused with 400/4 and this detail.
    const refused: Array<[Record<string, unknown>, string]> = [
      [{ grants: { user: [] } }, 'expected number for field "max_message_length"'],
      [{ ...REQUIRED, grants: { user: ['fly'] } }, 'permission "fly" does not exist'],
      [{ ...REQUIRED, grants: { wizard: [] } }, 'role "wizard" does not exist'],
      [
        { ...REQUIRED, grants: { user: ['!create-channel'] } },
        '"!create-channel": revoking with "!" is only possible in channel config_overrides',
      ],
      [
        { ...REQUIRED, max_message_length: 10 },
        'changing max_message_length is not supported by the local Stream emulator',
      ],
    ];
    for (const [body, detail] of refused) {
      await expectStreamError(
        h.server.updateChannelType(
          'messaging',
          body as Parameters<typeof h.server.updateChannelType>[1],
        ),
        400,
        4,
        `UpdateChannelType failed with error: "${detail}"`,
      );
    }
    // Nothing of the refused updates was applied.
    expect((await h.server.getChannelType('messaging')).grants).toEqual(DEFAULT_GRANTS);

    const user = await h.asUser('ann');
    await expectStreamError(
      user.getChannelType('messaging'),
      403,
      17,
      'GetChannelType failed with error: "GetChannelType is only available with server-side auth in the local Stream emulator (user tokens may call the operations listed in local/stream/actions.ts)"',
    );
  });
});
