import { env } from 'cloudflare:workers';
import { afterEach, describe, expect, it } from 'vitest';
import { callJson, expectError } from '../../../test/api';
import { neonFaults, streamFaults } from '../../../test/stand-ins';
import { app } from '../../app';

interface Health {
  status: string;
  database: { ok: boolean; latency_ms: number; error?: string };
  stream: { ok: boolean; latency_ms: number; error?: string };
  checked_at: string;
}

const FRESH = '/health?fresh=true';

describe('GET /health', () => {
  afterEach(async () => {
    await Promise.all([neonFaults.clear(), streamFaults.clear()]);
  });

  it('reports both dependencies up with their latencies', async () => {
    const { status, body } = await callJson<Health>('/health');
    expect(status).toBe(200);
    expect(body.status).toBe('ok');
    expect(body.database.ok).toBe(true);
    expect(body.stream.ok).toBe(true);
    expect(body.database.latency_ms).toBeGreaterThanOrEqual(0);
  });

  it('is 503 when the database endpoint drops connections', async () => {
    await neonFaults.inject({ op: '*', drop: true });
    const { status, body } = await callJson<Health>(FRESH);
    expect(status).toBe(503);
    expect(body.status).toBe('degraded');
    expect(body.database).toMatchObject({ ok: false, error: 'The database is unreachable' });
    expect(body.stream.ok).toBe(true);
  });

  it('is 503 when Stream fails, naming Stream', async () => {
    await streamFaults.inject({ op: 'GetApp', status: 500, code: -1 });
    const { status, body } = await callJson<Health>(FRESH);
    expect(status).toBe(503);
    expect(body.database.ok).toBe(true);
    expect(body.stream.ok).toBe(false);
    expect(body.stream.error).toMatch(/Stream rejected the request/);
  });

  it('is 503 when nothing listens where Stream should be', async () => {
    // A copy of the bindings pointing at a closed port: its own configuration and clients.
    const stopped = { ...env, STREAM_BASE_URL: 'http://127.0.0.1:9' };
    const ctx = {
      waitUntil() {},
      passThroughOnException() {},
      props: {},
    } as unknown as ExecutionContext;
    const res = await app.fetch(new Request('https://api.test/health'), stopped, ctx);
    const body = (await res.json()) as Health;
    expect(res.status).toBe(503);
    expect(body.database.ok).toBe(true);
    expect(body.stream).toMatchObject({ ok: false, error: 'Stream is unreachable' });
  });

  it('reports added latency', async () => {
    await neonFaults.inject({ op: 'query', latencyMs: 300, count: 1 });
    const { body } = await callJson<Health>(FRESH);
    expect(body.database.latency_ms).toBeGreaterThanOrEqual(250);
  });

  it('answers from a recent result: repeated requests reach neither upstream', async () => {
    const first = await callJson<Health>(FRESH);
    expect(first.status).toBe(200);
    // Each of these would fail the next call to that upstream, were one made.
    await neonFaults.inject({ op: '*', status: 500, code: 'XX000', count: 1 });
    await streamFaults.inject({ op: 'GetApp', status: 500, code: -1, count: 1 });
    const again = await Promise.all(Array.from({ length: 20 }, () => callJson<Health>('/health')));
    for (const res of again) {
      expect(res.status).toBe(200);
      expect(res.body.checked_at).toBe(first.body.checked_at);
    }
    const rules = async (base: string) =>
      ((await (await fetch(`${base}/__control/faults`)).json()) as { rules: unknown[] }).rules;
    expect(await rules(env.TEST_NEON_CONTROL_URL)).toHaveLength(1);
    expect(await rules(env.TEST_STREAM_CONTROL_URL)).toHaveLength(1);
    // A fresh check does reach them (and meets the faults).
    expect((await callJson<Health>(FRESH)).status).toBe(503);
  });

  it('limits fresh checks for everyone: past the budget, 429', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 20 && !statuses.includes(429); i++) {
      statuses.push((await callJson<Health>(FRESH)).status);
    }
    expect(statuses).toContain(429);
    // Plain requests still answer from the latest result.
    expect((await callJson<Health>('/health')).status).toBe(200);
  });

  it('is 400 for a fresh value other than true or false', async () => {
    expectError(await callJson('/health?fresh=yes'), 400, 'validation_failed');
  });
});
