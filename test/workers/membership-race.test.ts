/**
 * A member's first send (which joins them to the Stream channel) racing their removal from the
 * tenant, with Stream slowed down, must never leave them in a Stream channel of the tenant once
 * the write's grace period has passed and the repair queue has run. No sweep: the queue alone.
 *
 * The requests go through the real Worker with its real Neon and Stream clients; only the queue
 * binding is recorded, so the test can run what the requests queued (as the queue would, after
 * their delay) and everything those repairs queue in turn. "After the grace period" is the
 * markers' due time moved to now, as the clock would.
 */
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import worker from '../../src/index';
import { servicesFor } from '../../src/runtime/services';
import { BASE, freshIp } from '../api';
import { expectConverged, sleep } from '../convergence';
import {
  createChannel,
  createTenant,
  joinTenant,
  registerUser,
  type TestUser,
  unique,
} from '../fixtures';
import { captureLogs } from '../logs';
import { recordingQueue, runRecorded, withQueue } from '../queue';
import { streamFaults, streamState } from '../stand-ins';

/** The repair queue, recorded: what the Worker sends is run below by the real consumer. */
const queue = recordingQueue();

/** The Worker's bindings with the recorded queue (its own isolate-level services). */
const raceEnv = withQueue(queue);

/** One request through the Worker; resolves once its after-response work is done too. */
async function request(path: string, init: { method: string; token: string; body?: unknown }) {
  const ctx = createExecutionContext();
  const res = await worker.fetch(
    new Request(`${BASE}${path}`, {
      method: init.method,
      headers: {
        authorization: `Bearer ${init.token}`,
        'content-type': 'application/json',
        'cf-connecting-ip': freshIp(),
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    }),
    raceEnv,
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return res.status;
}

/** Runs what is queued until nothing is left, each round once the markers are due. */
async function drainQueue(): Promise<number> {
  const db = servicesFor(env).db;
  let rounds = 0;
  for (; queue.sent.length > 0 && rounds < 10; rounds++) {
    await db.execute(sql`update stream_sync set due_at = now() where due_at > now()`);
    await runRecorded(queue, raceEnv);
  }
  return rounds;
}

/** The channels of the tenant, of any type, that list the user as a member in Stream. */
async function streamChannelsWith(tenantId: string, userId: string): Promise<string[]> {
  const { channels } = await streamState();
  return channels
    .filter((c) => c.data.tenant_id === tenantId && !c.deleted_at && c.members.includes(userId))
    .map((c) => c.cid);
}

interface Trial {
  tenant: { id: string };
  admin: { user: TestUser; token: string };
  member: { user: TestUser; token: string };
}

/** A tenant with its admin and one member (who has not sent anything yet). */
async function trialTenant(): Promise<Trial> {
  const [admin, member] = await Promise.all([registerUser('Admin'), registerUser('Member')]);
  const { tenant, adminToken } = await createTenant(admin);
  const memberToken = await joinTenant(tenant.id, adminToken, member, 'member');
  return {
    tenant,
    admin: { user: admin, token: adminToken },
    member: { user: member, token: memberToken },
  };
}

interface Outcome {
  send: number;
  removal: number;
}

/** A member's first send, and the admin removing them 10–15 ms later. */
async function race(t: Trial, streamId: string): Promise<Outcome> {
  const send = request('/messages', {
    method: 'POST',
    token: t.member.token,
    body: { stream_id: streamId, text: `first ${unique()}` },
  });
  await sleep(10 + Math.floor(Math.random() * 6));
  const removal = request(`/tenants/${t.tenant.id}/members/${t.member.user.id}`, {
    method: 'DELETE',
    token: t.admin.token,
  });
  const [sendStatus, removalStatus] = await Promise.all([send, removal]);
  return { send: sendStatus, removal: removalStatus };
}

const TRIALS = 10;

afterEach(async () => {
  await streamFaults.clear();
  queue.sent.length = 0;
});

// Info lines (repairs, deleted orphans) are the point of these tests, not output.
beforeEach(() => {
  captureLogs();
});

describe('a first send racing the removal of its sender', () => {
  const cases: Array<[string, string, number]> = [
    ['every Stream call', '*', 0],
    ['every Stream call', '*', 50],
    ['every Stream call', '*', 150],
    ['every Stream call', '*', 500],
    // The finding as reported: only the join (UpdateChannel) is slow, so the removal's clean-up
    // reads Stream before the join has landed.
    ['the join (UpdateChannel)', 'UpdateChannel', 150],
    ['the join (UpdateChannel)', 'UpdateChannel', 500],
  ];

  it.each(cases)(
    'slow %s (%s, %i ms): the removed user ends in no Stream channel of the tenant',
    async (_what, op, latencyMs) => {
      const trials = await Promise.all(
        Array.from({ length: TRIALS }, async () => {
          const t = await trialTenant();
          const ch = await createChannel(t.admin.token, `Race ${unique()}`);
          return { t, ch };
        }),
      );
      if (latencyMs > 0) await streamFaults.inject({ op, latencyMs });
      const outcomes = await Promise.all(trials.map(({ t, ch }) => race(t, ch.stream_id)));
      await streamFaults.clear();
      // Every removal stands (204, or a 5xx meaning "Stream not yet in line"); sends either
      // came first (201) or found the sender gone (403).
      for (const o of outcomes) {
        expect([201, 403]).toContain(o.send);
        expect(o.removal === 204 || o.removal >= 500).toBe(true);
      }
      await drainQueue();
      for (const { t } of trials) {
        expect(await streamChannelsWith(t.tenant.id, t.member.user.id)).toEqual([]);
        await expectConverged(t.tenant.id, [t.admin.user.id, t.member.user.id]);
      }
    },
    120_000,
  );
});
