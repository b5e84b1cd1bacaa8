/**
 * A channel must never exist in one store and not the other once a request has ended, whatever
 * fails. Each test injects a failure at one point of a write, then inspects BOTH stores: the
 * database through the API (pending rows are invisible; a pending row still holds its name, so
 * "the name can be reused" proves the row is gone) and Stream through the emulator's state.
 */
import { env } from 'cloudflare:workers';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FaultRuleInput } from '../../local/faults';
import { servicesFor } from '../../src/lib/services';
import { reconcilePendingChannels } from '../../src/services/channels';
import { createStreamClient } from '../../src/stream/client';
import { callJson, type ErrorBody, expectError } from '../api';
import {
  createChannel,
  type TenantWithRoles,
  type TestChannel,
  tenantWithRoles,
  unique,
} from '../fixtures';
import { neonFaults, type StreamChannelState, streamFaults, streamState } from '../stand-ins';

type Page = { channels: TestChannel[]; next_cursor: string | null };

const SDK_TIMEOUT_MS = 3000;
const DB_TIMEOUT_MS = 5000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Stream channels of the tenant with this name (custom data), deleted or not. */
async function streamChannelsNamed(tenantId: string, name: string): Promise<StreamChannelState[]> {
  const state = await streamState();
  return state.channels.filter((c) => c.data.tenant_id === tenantId && c.data.name === name);
}

async function streamChannel(streamId: string): Promise<StreamChannelState | undefined> {
  return (await streamState(`messaging:${streamId}`)).channels[0];
}

/** The live channels the API lists for the tenant. */
async function listed(token: string): Promise<TestChannel[]> {
  const res = await callJson<Page>('/channels?limit=100', { token });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.channels;
}

async function faultRules(base: string): Promise<Array<FaultRuleInput & { hits: number }>> {
  const res = await fetch(`${base}/__control/faults`);
  return ((await res.json()) as { rules: Array<FaultRuleInput & { hits: number }> }).rules;
}

/** Waits until the stand-in has consumed every count-limited rule (the call has arrived). */
async function untilConsumed(base: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await faultRules(base)).some((r) => r.count !== undefined)) {
    if (Date.now() > deadline) throw new Error('fault rule never hit');
    await sleep(10);
  }
}

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 8000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** Neither store holds a channel of this name for the tenant, and the name is free again. */
async function expectNowhere(r: TenantWithRoles, name: string) {
  expect(await streamChannelsNamed(r.tenant.id, name)).toEqual([]);
  expect((await listed(r.member.token)).map((c) => c.name)).not.toContain(name);
  const again = await createChannel(r.admin.token, name);
  expect((await streamChannelsNamed(r.tenant.id, name)).map((c) => c.id)).toEqual([
    again.stream_id,
  ]);
}

let r: TenantWithRoles;

beforeAll(async () => {
  r = await tenantWithRoles();
}, 60_000);

afterEach(async () => {
  await Promise.all([neonFaults.clear(), streamFaults.clear()]);
});

describe('channel creation', () => {
  it('Stream down (503): 503 stream_unavailable, nothing in either store, name reusable at once', async () => {
    const name = `Down ${unique()}`;
    await streamFaults.inject({ op: 'GetOrCreateChannel', status: 503, count: 1 });
    expectError(
      await callJson('/channels', { token: r.admin.token, body: { name } }),
      503,
      'stream_unavailable',
    );
    await expectNowhere(r, name);
  });

  it('Stream error (500): 502 stream_error, nothing in either store', async () => {
    const name = `Broken ${unique()}`;
    await streamFaults.inject({ op: 'GetOrCreateChannel', status: 500, code: -1, count: 1 });
    expectError(
      await callJson('/channels', { token: r.admin.token, body: { name } }),
      502,
      'stream_error',
    );
    await expectNowhere(r, name);
  });

  it('Stream unreachable (connection dropped): 503 stream_unavailable, nothing left in either store', async () => {
    const name = `Dropped ${unique()}`;
    await streamFaults.inject({ op: 'GetOrCreateChannel', drop: true, count: 1 });
    const res = await callJson<ErrorBody>('/channels', { token: r.admin.token, body: { name } });
    expectError(res, 503, 'stream_unavailable');
    expect(await streamChannelsNamed(r.tenant.id, name)).toEqual([]);
    expect((await listed(r.member.token)).map((c) => c.name)).not.toContain(name);
    // A dropped connection leaves the outcome unknown (Stream may have the channel), so the
    // app undoes again a little later before it lets the pending row (and its name) go.
    await until('the name to be free', async () => {
      const again = await callJson<TestChannel>('/channels', {
        token: r.admin.token,
        body: { name },
      });
      if (again.status === 409) return undefined;
      expect(again.status, JSON.stringify(again.body)).toBe(201);
      return again.body;
    });
    expect(await streamChannelsNamed(r.tenant.id, name)).toHaveLength(1);
  });

  it('Stream timeout: 504 stream_timeout; the create Stream applies late is undone too', async () => {
    const name = `Slow ${unique()}`;
    const existing = await createChannel(r.admin.token, `Readable ${unique()}`);
    // The emulator answers after 3.5 s but still applies the create (a slow Stream that does the
    // work after the client gave up); the SDK gives up at 3 s. A read of messages (the same
    // Stream operation) runs alongside and times out the same way.
    await streamFaults.inject({
      op: 'GetOrCreateChannel',
      latencyMs: SDK_TIMEOUT_MS + 500,
      count: 2,
    });
    const started = Date.now();
    const [res, read] = await Promise.all([
      callJson('/channels', { token: r.admin.token, body: { name } }),
      callJson(`/messages/${existing.stream_id}`, { token: r.member.token }),
    ]);
    expectError(res, 504, 'stream_timeout');
    expectError(read, 504, 'stream_timeout');
    expect(Date.now() - started).toBeLessThan(SDK_TIMEOUT_MS + 450);
    expect((await listed(r.member.token)).map((c) => c.name)).not.toContain(name);

    // Let the late create land, then wait for the app's undo to remove it.
    await sleep(Math.max(0, started + SDK_TIMEOUT_MS + 800 - Date.now()));
    await until('the late Stream channel to be removed', async () =>
      (await streamChannelsNamed(r.tenant.id, name)).length === 0 ? true : undefined,
    );
    // Still gone a moment later, and the pending row has been removed too (the name is free).
    await sleep(300);
    expect(await streamChannelsNamed(r.tenant.id, name)).toEqual([]);
    const again = await until('the name to be free', async () => {
      const res = await callJson<TestChannel>('/channels', {
        token: r.admin.token,
        body: { name },
      });
      if (res.status === 409) return undefined;
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return res.body;
    });
    expect((await streamChannelsNamed(r.tenant.id, name)).map((c) => c.id)).toEqual([
      again.stream_id,
    ]);
  });

  it('database error after the Stream write (activation fails): 503, Stream channel removed, row removed', async () => {
    const name = `Half ${unique()}`;
    // Order the faults by causality, not by timers: Stream holds the create for 1 s; once the
    // emulator has consumed that rule, the create request has arrived — so the pending-row insert
    // has already succeeded — and the next statement the app sends is the activation UPDATE.
    await streamFaults.inject({ op: 'GetOrCreateChannel', latencyMs: 1000, count: 1 });
    const pending = callJson('/channels', { token: r.admin.token, body: { name } });
    await untilConsumed(env.TEST_STREAM_CONTROL_URL);
    await neonFaults.inject({ op: 'query', status: 503, count: 1 });
    const res = await pending;
    expectError(res, 503, 'database_unavailable');
    // The activation UPDATE was the statement that failed: the rule is used up.
    expect(await faultRules(env.TEST_NEON_CONTROL_URL)).toEqual([]);
    await expectNowhere(r, name);
  });

  it('database connection dropped on activation: 503, nothing left in either store', async () => {
    const name = `HalfDrop ${unique()}`;
    await streamFaults.inject({ op: 'GetOrCreateChannel', latencyMs: 1000, count: 1 });
    const pending = callJson('/channels', { token: r.admin.token, body: { name } });
    await untilConsumed(env.TEST_STREAM_CONTROL_URL);
    await neonFaults.inject({ op: 'query', drop: true, count: 1 });
    expectError(await pending, 503, 'database_unavailable');
    await expectNowhere(r, name);
  });

  it('database timeout on activation, whose UPDATE commits after the undo began: nothing left', async () => {
    // The hardest ordering: the app gives up on the activation UPDATE (504), but the database
    // still runs it — after the undo has deleted the Stream channel and before the undo's row
    // delete arrives. The row must not survive as an active channel without a Stream channel.
    const name = `Late ${unique()}`;
    await streamFaults.inject({ op: 'GetOrCreateChannel', latencyMs: 300, count: 1 });
    const pending = callJson('/channels', { token: r.admin.token, body: { name } });
    await untilConsumed(env.TEST_STREAM_CONTROL_URL);
    // The activation UPDATE waits past the driver's deadline (5 s), then runs.
    await neonFaults.inject({ op: 'query', latencyMs: DB_TIMEOUT_MS + 300, count: 1 });
    await untilConsumed(env.TEST_NEON_CONTROL_URL);
    // The next statement, the undo's row delete, arrives after the UPDATE has committed.
    await neonFaults.inject({ op: 'query', latencyMs: 1200, count: 1 });
    expectError(await pending, 504, 'database_timeout');
    expect(await streamChannelsNamed(r.tenant.id, name)).toEqual([]);
    await until('the undo to finish', async () =>
      (await faultRules(env.TEST_NEON_CONTROL_URL)).length === 0 ? true : undefined,
    );
    await sleep(1300);
    await expectNowhere(r, name);
  });

  it('database down before anything: 503 database_unavailable, Stream never called', async () => {
    const name = `NoDb ${unique()}`;
    // A tripwire: any channel create reaching Stream would consume this rule.
    await streamFaults.inject({ op: 'GetOrCreateChannel', status: 500, count: 1 });
    await neonFaults.inject({ op: 'query', status: 503 });
    expectError(
      await callJson('/channels', { token: r.admin.token, body: { name } }),
      503,
      'database_unavailable',
    );
    await neonFaults.clear();
    await neonFaults.inject({ op: '*', drop: true });
    expectError(
      await callJson('/channels', { token: r.admin.token, body: { name } }),
      503,
      'database_unavailable',
    );
    await neonFaults.clear();
    expect((await faultRules(env.TEST_STREAM_CONTROL_URL)).map((rule) => rule.hits)).toEqual([0]);
    await streamFaults.clear();
    await expectNowhere(r, name);
  });

  it('a half-done creation whose undo failed is rolled back by the reconciler', async () => {
    const name = `Orphan ${unique()}`;
    await streamFaults.inject({ op: 'GetOrCreateChannel', latencyMs: 800, count: 1 });
    const pending = callJson('/channels', { token: r.admin.token, body: { name } });
    await untilConsumed(env.TEST_STREAM_CONTROL_URL);
    // Activation fails, and so does the undo's Stream delete: the row stays pending.
    await Promise.all([
      neonFaults.inject({ op: 'query', status: 503, count: 1 }),
      streamFaults.inject({ op: 'DeleteChannel', status: 503, count: 1 }),
    ]);
    expectError(await pending, 503, 'database_unavailable');
    await streamFaults.clear();

    // Left behind: a Stream channel, and a pending row (invisible, but it holds the name).
    const [orphan] = await streamChannelsNamed(r.tenant.id, name);
    expect(orphan).toBeDefined();
    expect((await listed(r.member.token)).map((c) => c.name)).not.toContain(name);
    expectError(
      await callJson(`/channels/${orphan!.id}`, { token: r.admin.token }),
      404,
      'channel_not_found',
    );
    expectError(
      await callJson('/channels', { token: r.admin.token, body: { name } }),
      409,
      'channel_name_taken',
    );
    expectError(
      await callJson('/messages', {
        token: r.admin.token,
        body: { stream_id: orphan!.id, text: 'hi' },
      }),
      404,
      'channel_not_found',
    );

    const result = await reconcilePendingChannels(servicesFor(env), 0);
    expect(result.rolledBack).toBeGreaterThanOrEqual(1);
    expect(await streamChannel(orphan!.id)).toBeUndefined();
    await expectNowhere(r, name);
  });

  it('the reconciler leaves the row for next time when Stream is still down', async () => {
    const name = `Stuck ${unique()}`;
    await streamFaults.inject({ op: 'GetOrCreateChannel', latencyMs: 800, count: 1 });
    const pending = callJson('/channels', { token: r.admin.token, body: { name } });
    await untilConsumed(env.TEST_STREAM_CONTROL_URL);
    await Promise.all([
      neonFaults.inject({ op: 'query', status: 503, count: 1 }),
      streamFaults.inject({ op: 'DeleteChannel', status: 503 }),
    ]);
    expectError(await pending, 503, 'database_unavailable');
    const [orphan] = await streamChannelsNamed(r.tenant.id, name);
    expect(orphan).toBeDefined();

    const first = await reconcilePendingChannels(servicesFor(env), 0);
    expect(first.failed).toBeGreaterThanOrEqual(1);
    // The Stream channel could not be deleted, so the row (its only reminder) must remain.
    expect(await streamChannel(orphan!.id)).toBeDefined();
    expectError(
      await callJson('/channels', { token: r.admin.token, body: { name } }),
      409,
      'channel_name_taken',
    );

    await streamFaults.clear();
    const second = await reconcilePendingChannels(servicesFor(env), 0);
    expect(second.rolledBack).toBeGreaterThanOrEqual(1);
    expect(await streamChannel(orphan!.id)).toBeUndefined();
    await expectNowhere(r, name);
  });

  it('a reconciler run that overtakes an in-flight creation leaves nothing behind (and no 500)', async () => {
    // With a zero cutoff the reconciler rolls back a row whose request is still waiting on Stream;
    // Stream then creates the channel, and the activation finds no row.
    const name = `Overtaken ${unique()}`;
    await streamFaults.inject({ op: 'GetOrCreateChannel', latencyMs: 800, count: 1 });
    const pending = callJson('/channels', { token: r.admin.token, body: { name } });
    await untilConsumed(env.TEST_STREAM_CONTROL_URL);
    await reconcilePendingChannels(servicesFor(env), 0);
    expectError(await pending, 503, 'database_unavailable');
    await expectNowhere(r, name);
  });

  it('the reconciler does not touch live channels or fresh pending rows', async () => {
    const ch = await createChannel(r.admin.token, `Live ${unique()}`);
    await reconcilePendingChannels(servicesFor(env));
    await reconcilePendingChannels(servicesFor(env), 0);
    expect((await listed(r.member.token)).map((c) => c.stream_id)).toContain(ch.stream_id);
    expect(await streamChannel(ch.stream_id)).toBeDefined();
  });
});

describe('channel updates', () => {
  it('PATCH with Stream failing: 503 and the row is restored (name unchanged, new name not held)', async () => {
    const ch = await createChannel(r.admin.token, `Orig ${unique()}`, 'orig desc');
    const newName = `New ${unique()}`;
    await streamFaults.inject({ op: 'UpdateChannelPartial', status: 503, count: 1 });
    const res = await callJson(`/channels/${ch.stream_id}`, {
      method: 'PATCH',
      token: r.admin.token,
      body: { name: newName, description: 'new desc' },
    });
    expectError(res, 503, 'stream_unavailable');
    expect(
      (await callJson<TestChannel>(`/channels/${ch.stream_id}`, { token: r.member.token })).body,
    ).toEqual(ch);
    expect((await streamChannel(ch.stream_id))!.data).toEqual({
      tenant_id: r.tenant.id,
      name: ch.name,
      description: 'orig desc',
    });
    // The new name was released with the restore.
    await createChannel(r.admin.token, newName);
  });

  it('PATCH with Stream erroring (500): 502 and nothing changed', async () => {
    const ch = await createChannel(r.admin.token, `Orig ${unique()}`, 'x');
    await streamFaults.inject({ op: 'UpdateChannelPartial', status: 500, count: 1 });
    const res = await callJson(`/channels/${ch.stream_id}`, {
      method: 'PATCH',
      token: r.admin.token,
      body: { description: 'y' },
    });
    expectError(res, 502, 'stream_error');
    expect(
      (await callJson<TestChannel>(`/channels/${ch.stream_id}`, { token: r.member.token })).body,
    ).toEqual(ch);
    expect((await streamChannel(ch.stream_id))!.data.description).toBe('x');
  });

  it('PATCH with the database down: 503 and Stream untouched', async () => {
    const ch = await createChannel(r.admin.token, `Orig ${unique()}`, 'x');
    await neonFaults.inject({ op: 'query', status: 503, count: 1 });
    expectError(
      await callJson(`/channels/${ch.stream_id}`, {
        method: 'PATCH',
        token: r.admin.token,
        body: { name: 'Nope' },
      }),
      503,
      'database_unavailable',
    );
    expect((await streamChannel(ch.stream_id))!.data.name).toBe(ch.name);
    expect(
      (await callJson<TestChannel>(`/channels/${ch.stream_id}`, { token: r.member.token })).body,
    ).toEqual(ch);
  });

  it('DELETE with Stream failing: 503, the channel is not archived and still takes messages', async () => {
    const ch = await createChannel(r.admin.token, `Keep ${unique()}`);
    await streamFaults.inject({ op: 'UpdateChannelPartial', status: 503, count: 1 });
    expectError(
      await callJson(`/channels/${ch.stream_id}`, { method: 'DELETE', token: r.admin.token }),
      503,
      'stream_unavailable',
    );
    expect(
      (await callJson<TestChannel>(`/channels/${ch.stream_id}`, { token: r.member.token })).body,
    ).toEqual(ch);
    expect((await listed(r.member.token)).map((c) => c.stream_id)).toContain(ch.stream_id);
    const sent = await callJson('/messages', {
      token: r.member.token,
      body: { stream_id: ch.stream_id, text: 'still here' },
    });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    // And archiving works once Stream is back.
    const archived = await callJson<TestChannel>(`/channels/${ch.stream_id}`, {
      method: 'DELETE',
      token: r.admin.token,
    });
    expect(archived.status).toBe(200);
    expect(archived.body.archived_at).not.toBeNull();
  });

  it('PATCH and DELETE with Stream timing out: 504, rows restored, and Stream brought back in line', async () => {
    // Both run at once (one 3.5 s wait). The emulator applies each update after the SDK gave
    // up, so the app must re-sync Stream from the restored rows once those late writes landed.
    const renamed = await createChannel(r.admin.token, `Orig ${unique()}`, 'old');
    const archived = await createChannel(r.admin.token, `Keep ${unique()}`);
    await streamFaults.inject({
      op: 'UpdateChannelPartial',
      latencyMs: SDK_TIMEOUT_MS + 500,
      count: 2,
    });
    const started = Date.now();
    const [patch, del] = await Promise.all([
      callJson(`/channels/${renamed.stream_id}`, {
        method: 'PATCH',
        token: r.admin.token,
        body: { name: `Late ${unique()}`, description: 'new' },
      }),
      callJson(`/channels/${archived.stream_id}`, { method: 'DELETE', token: r.admin.token }),
    ]);
    expectError(patch, 504, 'stream_timeout');
    expectError(del, 504, 'stream_timeout');
    expect(
      (await callJson<TestChannel>(`/channels/${renamed.stream_id}`, { token: r.member.token }))
        .body,
    ).toEqual(renamed);
    expect(
      (await callJson<TestChannel>(`/channels/${archived.stream_id}`, { token: r.member.token }))
        .body,
    ).toEqual(archived);

    await sleep(Math.max(0, started + SDK_TIMEOUT_MS + 800 - Date.now()));
    const client = await createStreamClient(servicesFor(env).config.stream);
    await until('Stream to agree with the database again', async () => {
      const s = await streamChannel(renamed.stream_id);
      const frozen = (await client.channel('messaging', archived.stream_id).query({ state: false }))
        .channel.frozen;
      return s?.data.name === renamed.name && s.data.description === 'old' && frozen === false
        ? true
        : undefined;
    });
    expect(
      (await callJson<TestChannel>(`/channels/${renamed.stream_id}`, { token: r.member.token }))
        .body,
    ).toEqual(renamed);
    expect((await listed(r.member.token)).map((c) => c.stream_id)).toContain(archived.stream_id);
  });

  it('adding members with Stream failing: 503 and Stream members unchanged', async () => {
    const ch = await createChannel(r.admin.token, `Mem ${unique()}`);
    await streamFaults.inject({ op: 'UpdateChannel', status: 503, count: 1 });
    expectError(
      await callJson(`/channels/${ch.stream_id}/members`, {
        token: r.admin.token,
        body: { user_ids: [r.member.user.id] },
      }),
      503,
      'stream_unavailable',
    );
    expect((await streamChannel(ch.stream_id))!.members).toEqual([r.admin.user.id]);
  });
});

describe('messages under failure', () => {
  it('send with Stream down: 503 and Stream holds no message; with the database down: 503', async () => {
    const ch = await createChannel(r.admin.token, `Msg ${unique()}`);
    await streamFaults.inject({ op: 'SendMessage', status: 503, count: 1 });
    expectError(
      await callJson('/messages', {
        token: r.member.token,
        body: { stream_id: ch.stream_id, text: 'lost' },
      }),
      503,
      'stream_unavailable',
    );
    await neonFaults.inject({ op: 'query', status: 503, count: 1 });
    expectError(
      await callJson('/messages', {
        token: r.member.token,
        body: { stream_id: ch.stream_id, text: 'lost too' },
      }),
      503,
      'database_unavailable',
    );
    const state = await streamState(`messaging:${ch.stream_id}`);
    expect(state.messages).toEqual([]);
  });

  it('send whose channel join fails but whose message posts: 201 (not a 5xx a retry would duplicate)', async () => {
    const ch = await createChannel(r.admin.token, `Join ${unique()}`);
    await streamFaults.inject({ op: 'UpdateChannel', status: 503, count: 1 });
    const res = await callJson<{ message: { id: string; text: string } }>('/messages', {
      token: r.member.token,
      body: { stream_id: ch.stream_id, text: 'posted anyway' },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const held = (await streamState(`messaging:${ch.stream_id}`)).messages;
    expect(held.map((m) => [m.id, m.text])).toEqual([[res.body.message.id, 'posted anyway']]);
    expect((await streamChannel(ch.stream_id))!.members).toEqual([r.admin.user.id]);
    // The join was not remembered as done: the next send makes the sender a member.
    expect(
      (
        await callJson('/messages', {
          token: r.member.token,
          body: { stream_id: ch.stream_id, text: 'again' },
        })
      ).status,
    ).toBe(201);
    expect(new Set((await streamChannel(ch.stream_id))!.members)).toEqual(
      new Set([r.admin.user.id, r.member.user.id]),
    );
  });

  it('a retry with the same Idempotency-Key after an ambiguous failure posts once', async () => {
    const ch = await createChannel(r.admin.token, `Retry ${unique()}`);
    const key = `retry-${unique()}`;
    // Stream stores the message but the answer comes too late: the client sees 504.
    await streamFaults.inject({ op: 'SendMessage', latencyMs: SDK_TIMEOUT_MS + 300, count: 1 });
    const started = Date.now();
    const first = await callJson('/messages', {
      token: r.member.token,
      body: { stream_id: ch.stream_id, text: 'once' },
      headers: { 'Idempotency-Key': key },
    });
    expectError(first, 504, 'stream_timeout');
    await sleep(Math.max(0, started + SDK_TIMEOUT_MS + 600 - Date.now()));
    const retry = await callJson<{ message: { id: string; text: string } }>('/messages', {
      token: r.member.token,
      body: { stream_id: ch.stream_id, text: 'once' },
      headers: { 'Idempotency-Key': key },
    });
    expect(retry.status, JSON.stringify(retry.body)).toBe(200);
    const held = (await streamState(`messaging:${ch.stream_id}`)).messages;
    expect(held.map((m) => [m.id, m.text])).toEqual([[retry.body.message.id, 'once']]);
  });
});
