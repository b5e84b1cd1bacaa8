/**
 * What the daily sweep costs at rest: with nothing due it makes one database statement and no
 * Stream call; the scan for ownerless Stream channels runs once a week, or when markers were due.
 */
import { env } from 'cloudflare:workers';
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { servicesFor } from '../../src/runtime/services';
import { sweep } from '../../src/sync/sweep';
import { registerUser } from '../fixtures';
import { captureLogs } from '../logs';
import { streamFaults } from '../stand-ins';

const db = () => servicesFor(env).db;

/** Nothing due: earlier files' leftover markers go, the last scan was just now. */
async function atRest() {
  await db().execute(sql`delete from stream_sync`);
  await db().execute(sql`insert into sweep_state (id, orphan_scan_at) values (1, now())
    on conflict (id) do update set orphan_scan_at = now()`);
}

async function faultRules(): Promise<unknown[]> {
  const res = await fetch(`${env.TEST_STREAM_CONTROL_URL}/__control/faults`);
  return ((await res.json()) as { rules: unknown[] }).rules;
}

afterEach(async () => {
  await streamFaults.clear();
});

// Info lines (repairs, deleted orphans) are the point of these tests, not output.
beforeEach(() => {
  captureLogs();
});

describe('the sweep at rest', () => {
  it('with nothing due: no Stream call, no scan', async () => {
    await atRest();
    // Would fail the next Stream call, were one made.
    await streamFaults.inject({ op: '*', status: 500, code: -1, count: 1 });
    const report = await sweep(servicesFor(env));
    expect(report).toEqual({
      repaired: 0,
      failed: 0,
      queued: 0,
      orphanScan: false,
      orphansDeleted: 0,
    });
    expect(await faultRules()).toHaveLength(1);
  });

  it('scans for ownerless channels once a week, and records the scan', async () => {
    await atRest();
    await db().execute(sql`update sweep_state set orphan_scan_at = now() - interval '8 days'`);
    const report = await sweep(servicesFor(env));
    expect(report.orphanScan).toBe(true);
    const { rows } = await db().execute<{ recent: boolean }>(
      sql`select orphan_scan_at > now() - interval '1 day' as recent from sweep_state`,
    );
    expect(rows[0]?.recent).toBe(true);
    // And the next run is at rest again.
    expect((await sweep(servicesFor(env))).orphanScan).toBe(false);
  });

  it('forgets webhook deliveries older than a week', async () => {
    await db().execute(sql`insert into stream_webhook_events (id, created_at)
      values ('old-delivery', now() - interval '8 days'), ('new-delivery', now())
      on conflict do nothing`);
    await sweep(servicesFor(env));
    const { rows } = await db().execute<{ id: string }>(
      sql`select id from stream_webhook_events where id in ('old-delivery', 'new-delivery')`,
    );
    expect(rows.map((r) => r.id)).toEqual(['new-delivery']);
  });

  it('deletes expired device tokens, and only those', async () => {
    const user = await registerUser('Devices');
    await db().execute(sql`insert into device_tokens (token_hash, user_id, expires_at)
      values ('expired-device', ${user.id}, now() - interval '1 second'),
        ('live-device', ${user.id}, now() + interval '1 day')`);
    await sweep(servicesFor(env));
    const { rows } = await db().execute<{ token_hash: string }>(
      sql`select token_hash from device_tokens where token_hash in ('expired-device', 'live-device')`,
    );
    expect(rows.map((r) => r.token_hash)).toEqual(['live-device']);
  });
});
