/** The grant tables agree with each other: every action the emulator checks is a known id. */
import { describe, expect, it } from 'vitest';
import { permissionId, USER_TOKEN_OPERATIONS } from '../../../local/stream/actions';
import { DEFAULT_GRANTS, isKnownPermission, KNOWN_ROLES } from '../../../local/stream/grants';
import { MESSAGING_GRANTS } from '../../../src/stream/app-setup';

describe('grant tables', () => {
  it('every action of the operation table is a permission id of the catalogue', () => {
    const actions = new Set(Object.values(USER_TOKEN_OPERATIONS).flat());
    expect(actions.size).toBeGreaterThan(5);
    for (const action of actions) {
      expect(isKnownPermission(permissionId(action)), action).toBe(true);
    }
    expect(permissionId('RemoveOwnChannelMembership')).toBe('remove-own-channel-membership');
    expect(isKnownPermission('update-channel-members-owner')).toBe(true);
    expect(isKnownPermission('fly')).toBe(false);
  });

  it('our app setup names only roles and ids the emulator knows (so the PUT cannot be refused)', () => {
    for (const [role, ids] of Object.entries(MESSAGING_GRANTS)) {
      expect(KNOWN_ROLES.has(role), role).toBe(true);
      for (const id of ids) expect(isKnownPermission(id), id).toBe(true);
    }
  });

  it('default grants: a user may create channels and edit what they own; members may not edit', () => {
    expect(DEFAULT_GRANTS.user).toContain('create-channel');
    expect(DEFAULT_GRANTS.user).toContain('update-channel-owner');
    expect(DEFAULT_GRANTS.channel_member).not.toContain('update-channel');
    expect(DEFAULT_GRANTS.moderator).toContain('delete-channel-owner');
    expect(DEFAULT_GRANTS.moderator).not.toContain('delete-channel');
  });
});
