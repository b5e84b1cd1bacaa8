/**
 * UpsertUsers through the SDK's Node server client: custom fields, full replace, invalid ids.
 */
import { describe, expect, it } from 'vitest';
import { DURATION, field, rejection, TIMESTAMP, useStreamEmulator } from './harness';

const h = useStreamEmulator();
const { inspect } = h;

describe('users', () => {
  it('upserts users with custom fields and replaces them on the next upsert', async () => {
    const first = await h.sdk.upsertUsers([
      { id: 'alice', name: 'Alice', role: 'admin', teams: ['red'], color: 'green' } as never,
    ]);
    const alice = first.users.alice;
    expect(alice).toMatchObject({
      id: 'alice',
      name: 'Alice',
      role: 'admin',
      teams: ['red'],
      color: 'green',
      banned: false,
    });
    expect(field(alice, 'created_at')).toMatch(TIMESTAMP);
    expect(field(first, 'duration')).toMatch(DURATION);

    // Full replace: the custom field not sent again is gone, role falls back to "user".
    const second = await h.sdk.upsertUser({ id: 'alice', name: 'Alice B' });
    expect(second.users.alice).toMatchObject({ name: 'Alice B', role: 'user', teams: [] });
    expect(field(second.users.alice, 'color')).toBeUndefined();
    expect(field(second.users.alice, 'created_at')).toBe(field(alice, 'created_at'));

    const state = await inspect();
    expect(state.users.map((u) => u.id)).toEqual(['alice']);
    expect(state.users[0]?.name).toBe('Alice B');
  });

  it('rejects invalid user ids with code 4 and writes nothing of the batch', async () => {
    const error = await rejection(
      h.sdk.upsertUsers([{ id: 'good' }, { id: 'bad id!' }, { id: 'x'.repeat(256) }]),
    );
    expect(error.code).toBe(4);
    expect(error.status).toBe(400);
    expect(error.message).toContain('UpdateUsers failed with error: "user.id "bad id!"');
    expect((await inspect()).users).toEqual([]);
  });
});
