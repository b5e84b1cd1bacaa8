/**
 * Stream permissions as code, end to end: the emulator's grants model driven by the real
 * stream-chat SDK, before and after `setUpStreamApp` (the function `npm run stream:setup`
 * runs), plus the channel-type API it uses. The attack under test: a tenant-A user with a
 * Stream user token creates a channel outside our API, puts a tenant-B user in it and tags it
 * as B's.
 */
import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { parseEnvFile } from '../../../local/env-file';
import { DEFAULT_GRANTS } from '../../../local/stream/grants';
import { setupSettings } from '../../../scripts/stream-setup-settings';
import { parseConfig } from '../../../src/core/config';
import { MESSAGING_GRANTS } from '../../../src/stream/app-setup';
import { setUpStreamApp } from '../../../src/stream/set-up-app';
import { WEBHOOK_EVENTS } from '../../../src/stream/webhooks';
import { expectStreamError, rejection, useStreamEmulator } from './harness';

const h = useStreamEmulator();

/** Expects Stream's permission refusal: 403, code 17, the exact 2025 wording. */
const expectRefused = (promise: Promise<unknown>, message: string) =>
  expectStreamError(promise, 403, 17, message);

const refusal = (op: string, user: string, team: string | null, action: string) =>
  `${op} failed with error: "User '${user}' with role 'user'${team ? ` from team '${team}'` : ''} is not allowed to perform action ${action} in scope 'messaging'"`;

/** Users of two tenants; `room-a` created the way our API creates channels (server token). */
async function seed() {
  await h.server.upsertUsers([
    { id: 'alice', teams: ['A'] },
    { id: 'bob', teams: ['A'] },
    { id: 'mallory', teams: ['A'] },
    { id: 'victim', teams: ['B'] },
  ]);
  await h.server
    .channel('messaging', 'room-a', {
      created_by_id: 'alice',
      members: ['alice', 'bob'],
      team: 'A',
      name: 'Room A',
    })
    .create();
}

/** The attack, as a user-token SDK call. */
async function attack() {
  const mallory = await h.asUser('mallory');
  return mallory
    .channel('messaging', 'official-b', {
      members: ['mallory', 'victim'],
      team: 'B',
      name: 'Official B announcements',
    })
    .create();
}

describe('default grants (a Stream app nobody has set up)', () => {
  beforeEach(seed);

  it('the attack works, as on real Stream with default messaging grants', async () => {
    const created = await attack();
    expect(created.channel.created_by?.id).toBe('mallory');
    const channel = (await h.inspect()).channels.find((c) => c.cid === 'messaging:official-b');
    expect(channel).toMatchObject({ team: 'B', members: ['mallory', 'victim'] });
    expect(channel?.data).toEqual({ name: 'Official B announcements' });

    // As the owner, the user may also change members and data (the *-owner grants).
    const mallory = await h.asUser('mallory');
    const own = mallory.channel('messaging', 'official-b');
    await own.addMembers(['bob']);
    await own.updatePartial({ set: { name: 'Still official' } });
    expect((await h.inspect()).channels.find((c) => c.id === 'official-b')?.members).toEqual([
      'mallory',
      'victim',
      'bob',
    ]);
  });

  it('GET /channeltypes/messaging reads back Stream’s defaults', async () => {
    const type = await h.server.getChannelType('messaging');
    expect(type.grants.user).toContain('create-channel');
    expect(type.grants.user).toContain('update-channel-members-owner');
    expect(type.grants.channel_member).toContain('remove-own-channel-membership');
    expect(type.grants.guest).toEqual([]);
  });
});

describe('after setUpStreamApp (production grants, multi-tenant)', () => {
  beforeEach(async () => {
    await seed();
    await setUpStreamApp(h.config(true));
  });

  it('refuses the attack with 403/17 in Stream’s wording and creates nothing', async () => {
    await expectRefused(attack(), refusal('GetOrCreateChannel', 'mallory', 'B', 'CreateChannel'));
    // Not even a channel of the user's own team, alone.
    const mallory = await h.asUser('mallory');
    await expectRefused(
      mallory.channel('messaging', 'mine', { members: ['mallory'], team: 'A' }).create(),
      refusal('GetOrCreateChannel', 'mallory', 'A', 'CreateChannel'),
    );
    // A user with teams has no access to channels without one (multi-tenant rule).
    await expectRefused(
      mallory.channel('messaging', 'teamless', { members: ['mallory'] }).create(),
      `GetOrCreateChannel failed with error: "User 'mallory' with role 'user' from teams ['A'] cannot access resource in scope 'messaging' because requested resource does not belong to any team"`,
    );
    expect((await h.inspect()).channels.map((c) => c.cid)).toEqual(['messaging:room-a']);
  });

  it('a member still reads, sends, lists the channel and its members', async () => {
    const bob = await h.asUser('bob');
    const channel = bob.channel('messaging', 'room-a');
    const state = await channel.query({ state: true });
    expect(state.membership?.user?.id).toBe('bob');
    const sent = await channel.sendMessage({ text: 'hello A' });
    expect(sent.message.user?.id).toBe('bob');
    const listed = await bob.queryChannels({}, {}, { watch: false, state: true });
    expect(listed.map((c) => c.cid)).toEqual(['messaging:room-a']);
    const members = await channel.queryMembers({});
    expect(members.members.map((m) => m.user_id)).toEqual(['alice', 'bob']);
    // The frontend's typing indicators and read state are channel-type flags, still on.
    expect(state.channel.config).toMatchObject({ typing_events: true, read_events: true });
  });

  it('a non-member cannot read, list, send or list members', async () => {
    const mallory = await h.asUser('mallory');
    const channel = mallory.channel('messaging', 'room-a');
    await expectRefused(
      channel.query({ state: true }),
      refusal('GetOrCreateChannel', 'mallory', 'A', 'ReadChannel'),
    );
    expect(await mallory.queryChannels({}, {}, { watch: false })).toEqual([]);
    await expectRefused(
      channel.sendMessage({ text: 'intruder' }),
      refusal('SendMessage', 'mallory', 'A', 'CreateMessage'),
    );
    await expectRefused(
      channel.queryMembers({}),
      refusal('QueryMembers', 'mallory', 'A', 'ReadChannelMembers'),
    );
  });

  it('even the channel’s creator cannot change members, data, frozen, or delete it', async () => {
    const alice = await h.asUser('alice');
    const channel = alice.channel('messaging', 'room-a');
    const as = (op: string, action: string) => refusal(op, 'alice', 'A', action);
    await expectRefused(
      channel.addMembers(['mallory']),
      as('UpdateChannel', 'UpdateChannelMembers'),
    );
    await expectRefused(
      channel.removeMembers(['bob']),
      as('UpdateChannel', 'UpdateChannelMembers'),
    );
    await expectRefused(
      channel.removeMembers(['alice']),
      as('UpdateChannel', 'RemoveOwnChannelMembership'),
    );
    await expectRefused(channel.update({ name: 'Renamed' }), as('UpdateChannel', 'UpdateChannel'));
    await expectRefused(
      channel.updatePartial({ set: { name: 'Renamed' } }),
      as('UpdateChannelPartial', 'UpdateChannel'),
    );
    await expectRefused(
      channel.updatePartial({ set: { frozen: true } }),
      as('UpdateChannelPartial', 'UpdateChannelFrozen'),
    );
    await expectRefused(channel.delete(), as('DeleteChannel', 'DeleteChannel'));
    const room = (await h.inspect()).channels.find((c) => c.cid === 'messaging:room-a');
    expect(room).toMatchObject({ members: ['alice', 'bob'], data: { name: 'Room A' } });

    // Our API (server token) still can.
    await h.server.channel('messaging', 'room-a').addMembers(['mallory']);
    expect((await h.inspect()).channels[0]?.members).toEqual(['alice', 'bob', 'mallory']);
  });

  it('multi-tenancy: a member from another team cannot read; nobody moves a channel to a team', async () => {
    // A cross-team membership only the server can make (our API never does).
    await h.server.channel('messaging', 'room-a').addMembers(['victim']);
    const victim = await h.asUser('victim');
    await expectRefused(
      victim.channel('messaging', 'room-a').query({ state: true }),
      refusal('GetOrCreateChannel', 'victim', 'A', 'ReadChannel'),
    );
    expect(await victim.queryChannels({}, {}, { watch: false })).toEqual([]);

    const bob = await h.asUser('bob');
    const error = await rejection(
      bob.channel('messaging', 'room-a').updatePartial({ set: { team: 'B' } }),
    );
    expect(error.status).toBe(403);
    expect(error.message).toBe(
      'StreamChat error code 17: UpdateChannelPartial failed with error: "changing channel team is not allowed client-side"',
    );
  });
});

describe('setUpStreamApp', () => {
  const api = { publicUrl: 'https://chat-api.example.com' };

  it('reports what it changed, then nothing; the grants read back from GET /channeltypes/messaging', async () => {
    const first = await setUpStreamApp(h.config(true), api);
    expect(first.warnings).toEqual([]);
    expect(first.changes).toContain('multi-tenancy enabled');
    expect(first.changes.find((line) => line.startsWith('messaging grants of user:'))).toBe(
      `messaging grants of user: removed ${[...DEFAULT_GRANTS.user!].sort().join(', ')}`,
    );

    const second = await setUpStreamApp(h.config(true), api);
    expect(second).toEqual({ changes: [], warnings: [] });

    const type = await h.server.getChannelType('messaging');
    for (const [role, grants] of Object.entries(MESSAGING_GRANTS)) {
      expect([...(type.grants[role] ?? [])].sort(), role).toEqual([...grants].sort());
    }
    // Roles it does not name keep Stream's defaults.
    expect(type.grants.admin).toContain('update-channel-members');
    expect((await h.server.getAppSettings()).app?.multi_tenant_enabled).toBe(true);
  });

  it('leaves multi-tenancy off when the config says so, and warns when the app has it on', async () => {
    expect((await setUpStreamApp(h.config(false), api)).changes).not.toContain(
      'multi-tenancy enabled',
    );
    expect((await h.server.getAppSettings()).app?.multi_tenant_enabled).toBe(false);
    await h.server.updateAppSettings({ multi_tenant_enabled: true });
    const summary = await setUpStreamApp(h.config(false), api);
    expect(summary.changes).toEqual([]);
    expect(summary.warnings).toHaveLength(1);
    expect(summary.warnings[0]).toContain('STREAM_MULTI_TENANT');
  });
});

describe('webhooks and the before-send hook', () => {
  it('points both at API_PUBLIC_URL with the events we act on; --dry-run changes nothing', async () => {
    const api = { publicUrl: 'https://chat-api.example.com/' };
    const dry = await setUpStreamApp(h.config(true), { ...api, dryRun: true });
    expect(dry.changes).toEqual(
      expect.arrayContaining([
        'webhook_url: (none) → https://chat-api.example.com/webhooks/stream',
        'before_message_send_hook_url: (none) → https://chat-api.example.com/webhooks/stream/before-send',
      ]),
    );
    const untouched = (await h.server.getAppSettings()).app;
    expect(untouched?.webhook_url ?? '').toBe('');
    expect(untouched?.multi_tenant_enabled).toBe(false);
    expect((await h.server.getChannelType('messaging')).grants.user).toContain('create-channel');

    const applied = await setUpStreamApp(h.config(true), api);
    expect(applied.changes).toEqual(dry.changes);
    const { app } = await h.server.getAppSettings();
    expect(app?.webhook_url).toBe('https://chat-api.example.com/webhooks/stream');
    expect(app?.before_message_send_hook_url).toBe(
      'https://chat-api.example.com/webhooks/stream/before-send',
    );
    expect([...(app?.webhook_events ?? [])].sort()).toEqual([...WEBHOOK_EVENTS].sort());
    expect(await setUpStreamApp(h.config(true), api)).toEqual({ changes: [], warnings: [] });
  });

  it('without API_PUBLIC_URL leaves them alone and says so', async () => {
    const summary = await setUpStreamApp(h.config(true));
    expect(summary.warnings).toEqual([expect.stringContaining('API_PUBLIC_URL is not set')]);
    expect((await h.server.getAppSettings()).app?.webhook_url ?? '').toBe('');
  });
});

describe('npm run stream:setup settings', () => {
  const file = { STREAM_API_KEY: 'local', STREAM_BASE_URL: 'http://127.0.0.1:3030' };

  it('environment variables override the file; credentials alone mean Stream’s production API', () => {
    const local = setupSettings('.dev.vars.example', file, {
      STREAM_MULTI_TENANT: 'true',
      HOME: '/x',
    });
    expect(local.vars).toEqual({ ...file, STREAM_MULTI_TENANT: 'true' });
    expect(local.source).toBe('.dev.vars.example + environment (STREAM_MULTI_TENANT)');

    const production = setupSettings('.dev.vars', file, {
      STREAM_API_KEY: 'prod',
      STREAM_API_SECRET: 'prod-secret-0123456789',
    });
    expect(production.vars).toMatchObject({ STREAM_API_KEY: 'prod', STREAM_BASE_URL: '' });
    expect(parseConfig({ ...exampleVars(), ...production.vars }).stream.baseUrl).toBeUndefined();

    const staging = setupSettings('.dev.vars', file, {
      STREAM_API_KEY: 'stage',
      STREAM_BASE_URL: 'https://stage.example',
    });
    expect(staging.vars.STREAM_BASE_URL).toBe('https://stage.example');
  });
});

function exampleVars(): Record<string, string> {
  return parseEnvFile(readFileSync('.dev.vars.example', 'utf8'));
}
