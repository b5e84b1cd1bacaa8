import { env } from 'cloudflare:workers';
import { afterEach, describe, expect, it } from 'vitest';
import { callJson } from '../../../test/api';
import { neonFaults, streamFaults } from '../../../test/stand-ins';
import { app } from '../../app';

interface Health {
  status: string;
  database: { ok: boolean; latency_ms: number; error?: string };
  stream: { ok: boolean; latency_ms: number; error?: string };
}

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
    const { status, body } = await callJson<Health>('/health');
    expect(status).toBe(503);
    expect(body.status).toBe('degraded');
    expect(body.database).toMatchObject({ ok: false, error: 'The database is unreachable' });
    expect(body.stream.ok).toBe(true);
  });

  it('is 503 when Stream fails, naming Stream', async () => {
    await streamFaults.inject({ op: 'GetApp', status: 500, code: -1 });
    const { status, body } = await callJson<Health>('/health');
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
    const { body } = await callJson<Health>('/health');
    expect(body.database.latency_ms).toBeGreaterThanOrEqual(250);
  });
});
