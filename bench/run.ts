/**
 * `npm run bench`: what each route costs upstream, measured at the stand-ins.
 *
 * For every route, against `wrangler dev` (workerd) and the local stand-ins:
 *  - calls: Neon requests and Stream requests, counted in the stand-ins' request logs;
 *  - serial: upstream trips the user waits for one after another, measured by adding a fixed
 *    latency to every Neon and Stream call and dividing the extra time by it;
 *  - p50 / p95: latency on the local stand-ins (a floor: real trips add ~10–100 ms each).
 * Warm isolate (caches filled by a warm-up run). Results: stdout and artifacts/bench.json.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { parseEnvFile } from '../local/env-file.ts';
import { applyMigrations } from '../local/migrate.ts';
import { startNeonStandIn } from '../local/neon/server.ts';
import { startStreamEmulator } from '../local/stream/server.ts';
import { freePort, startWranglerDev, waitForWorker } from '../local/wrangler-dev.ts';

const ADDED_LATENCY_MS = 150;
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 15);

const vars = parseEnvFile(readFileSync('.dev.vars.example', 'utf8'));
const neonLog: string[] = [];
const streamLog: string[] = [];
const neon = await startNeonStandIn({ port: 0, log: (l) => neonLog.push(l) });
const stream = await startStreamEmulator({
  port: 0,
  apiKey: vars.STREAM_API_KEY!,
  apiSecret: vars.STREAM_API_SECRET!,
  log: (l) => streamLog.push(l),
});
await applyMigrations({ databaseUrl: vars.DATABASE_URL!, sqlEndpoint: neon.sqlEndpoint });
const worker = startWranglerDev({
  port: await freePort(),
  envFile: '.dev.vars.example',
  vars: { NEON_HTTP_ENDPOINT: neon.sqlEndpoint, STREAM_BASE_URL: stream.url },
});
await waitForWorker(worker.url);

let seq = 0;
const unique = () => `${Date.now().toString(36)}-${seq++}`;

let clients = 0;

async function api(method: string, path: string, token?: string, body?: unknown) {
  // A client address per call, as many users would come from: the per-IP rate limits
  // (register, login) measure nothing here. Per-user limits are kept below (see the fixture).
  clients++;
  const headers: Record<string, string> = {
    'cf-connecting-ip': `10.${(clients >> 16) & 255}.${(clients >> 8) & 255}.${clients & 255}`,
  };
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${worker.url}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status >= 400) throw new Error(`${method} ${path} -> ${res.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

// Fixture: a tenant with an admin and a member, a channel with messages.
const password = 'correct horse battery';
const adminEmail = `admin-${unique()}@bench.test`;
const admin = await api('POST', '/auth/register', undefined, {
  email: adminEmail,
  password,
  name: 'Admin',
});
const tenantRes = await api('POST', '/tenants', admin.token, { name: 'Bench' });
const tenantId: string = tenantRes.tenant.id;
const jwt: string = tenantRes.token;
const memberEmail = `member-${unique()}@bench.test`;
const member = await api('POST', '/auth/register', undefined, {
  email: memberEmail,
  password,
  name: 'Member',
});
/** Members join by invitation: the admin invites, the user accepts. */
async function join(email: string, userToken: string) {
  const { invitation } = await api('POST', `/tenants/${tenantId}/invitations`, jwt, {
    email,
    role: 'member',
  });
  await api('POST', `/invitations/${invitation.id}/accept`, userToken);
}
await join(memberEmail, member.token);
const channel = await api('POST', '/channels', jwt, { name: `bench-${unique()}` });
// The member posts the fixture's messages, waiting out MESSAGE_USER_LIMITER (30 per 10 s), so
// the admin's own budget is whole for the timed sends.
const memberJwt: string = (
  await api('POST', '/auth/login', undefined, { email: memberEmail, password, tenant_id: tenantId })
).token;
for (let i = 0; i < 60; i++) {
  const send = () =>
    api('POST', '/messages', memberJwt, { stream_id: channel.stream_id, text: `message ${i}` });
  await send().catch(async (err: Error) => {
    if (!err.message.includes('-> 429')) throw err;
    await new Promise((resolve) => setTimeout(resolve, 10_000));
    return send();
  });
}

interface Route {
  name: string;
  /** Untimed setup for one run; its result is passed to `run`. */
  prepare?: () => Promise<unknown>;
  run: (prepared: unknown) => Promise<unknown>;
}

const routes: Route[] = [
  {
    name: 'POST /auth/register',
    run: () =>
      api('POST', '/auth/register', undefined, {
        email: `r-${unique()}@bench.test`,
        password,
        name: 'R',
      }),
  },
  {
    name: 'POST /auth/login',
    run: () => api('POST', '/auth/login', undefined, { email: adminEmail, password }),
  },
  { name: 'GET /tenants', run: () => api('GET', '/tenants', jwt) },
  {
    name: 'POST /tenants',
    // A new user each time: one user may create 10 tenants a minute (TENANT_CREATE_USER_LIMITER).
    prepare: async () =>
      (
        await api('POST', '/auth/register', undefined, {
          email: `t-${unique()}@bench.test`,
          password,
          name: 'T',
        })
      ).token,
    run: (token) => api('POST', '/tenants', token as string, { name: `t-${unique()}` }),
  },
  {
    name: 'POST /tenants/{id}/token',
    run: () => api('POST', `/tenants/${tenantId}/token`, admin.token),
  },
  { name: 'GET /tenants/{id}/members', run: () => api('GET', `/tenants/${tenantId}/members`, jwt) },
  {
    name: 'POST /tenants/{id}/invitations',
    run: () =>
      api('POST', `/tenants/${tenantId}/invitations`, jwt, {
        email: `i-${unique()}@bench.test`,
        role: 'member',
      }),
  },
  {
    name: 'POST /invitations/{id}/accept',
    prepare: async () => {
      const email = `a-${unique()}@bench.test`;
      const user = await api('POST', '/auth/register', undefined, { email, password, name: 'A' });
      const { invitation } = await api('POST', `/tenants/${tenantId}/invitations`, jwt, {
        email,
        role: 'member',
      });
      return { id: invitation.id as string, token: user.token as string };
    },
    run: (prepared) => {
      const { id, token } = prepared as { id: string; token: string };
      return api('POST', `/invitations/${id}/accept`, token);
    },
  },
  {
    name: 'POST /auth/refresh',
    prepare: async () =>
      (await api('POST', '/auth/login', undefined, { email: adminEmail, password })).refresh_token,
    run: (refreshToken) => api('POST', '/auth/refresh', undefined, { refresh_token: refreshToken }),
  },
  {
    name: 'PATCH /tenants/{id}/members/{user_id}',
    run: () =>
      api('PATCH', `/tenants/${tenantId}/members/${member.user.id}`, jwt, { role: 'member' }),
  },
  {
    name: 'DELETE /tenants/{id}/members/{user_id}',
    prepare: async () => {
      const email = `d-${unique()}@bench.test`;
      const user = await api('POST', '/auth/register', undefined, { email, password, name: 'D' });
      await join(email, user.token);
      return user.user.id;
    },
    run: (userId) => api('DELETE', `/tenants/${tenantId}/members/${userId}`, jwt),
  },
  { name: 'POST /channels', run: () => api('POST', '/channels', jwt, { name: `c-${unique()}` }) },
  { name: 'GET /channels', run: () => api('GET', '/channels?limit=50', jwt) },
  {
    name: 'GET /channels/{stream_id}',
    run: () => api('GET', `/channels/${channel.stream_id}`, jwt),
  },
  {
    name: 'PATCH /channels/{stream_id}',
    run: () =>
      api('PATCH', `/channels/${channel.stream_id}`, jwt, { description: `d ${unique()}` }),
  },
  {
    name: 'DELETE /channels/{stream_id}',
    prepare: async () => (await api('POST', '/channels', jwt, { name: `a-${unique()}` })).stream_id,
    run: (streamId) => api('DELETE', `/channels/${streamId}`, jwt),
  },
  {
    name: 'POST /channels/{stream_id}/members',
    run: () =>
      api('POST', `/channels/${channel.stream_id}/members`, jwt, { user_ids: [member.user.id] }),
  },
  {
    name: 'POST /messages',
    run: () => api('POST', '/messages', jwt, { stream_id: channel.stream_id, text: 'hello' }),
  },
  {
    name: 'GET /messages/{stream_id}',
    run: () => api('GET', `/messages/${channel.stream_id}?limit=50`, jwt),
  },
  { name: 'GET /stream/token', run: () => api('GET', '/stream/token', jwt) },
  { name: 'GET /health', run: () => api('GET', '/health') },
];

async function control(base: string, method: string, rule?: unknown) {
  await fetch(`${base}/__control/faults`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: rule ? JSON.stringify(rule) : undefined,
  });
}

async function timed(route: Route): Promise<number> {
  const prepared = await route.prepare?.();
  const started = performance.now();
  await route.run(prepared);
  return performance.now() - started;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const percentile = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))]!;

const results = [];
for (const route of routes) {
  await timed(route); // warm-up: fills the isolate's caches
  const prepared = await route.prepare?.();
  neonLog.length = 0;
  streamLog.length = 0;
  await route.run(prepared);
  const neonCalls = neonLog.filter((l) => l.includes('POST /sql')).length;
  const streamCalls = streamLog.filter((l) => !l.includes('/__control')).length;

  const plain: number[] = [];
  for (let i = 0; i < SAMPLES; i++) plain.push(await timed(route));

  await Promise.all([
    control(neon.url, 'POST', { op: '*', latencyMs: ADDED_LATENCY_MS }),
    control(stream.url, 'POST', { op: '*', latencyMs: ADDED_LATENCY_MS }),
  ]);
  const slowed: number[] = [];
  for (let i = 0; i < 3; i++) slowed.push(await timed(route));
  await Promise.all([control(neon.url, 'DELETE'), control(stream.url, 'DELETE')]);

  const serial = Math.round((median(slowed) - median(plain)) / ADDED_LATENCY_MS);
  results.push({
    route: route.name,
    neon_calls: neonCalls,
    stream_calls: streamCalls,
    serial_trips: serial,
    p50_ms: Number(median(plain).toFixed(1)),
    p95_ms: Number(percentile(plain, 95).toFixed(1)),
  });
}

const pad = (s: string | number, n: number) => String(s).padEnd(n);
console.log(
  `\n${pad('route', 40)}${pad('neon', 6)}${pad('stream', 8)}${pad('serial', 8)}${pad('p50 ms', 9)}p95 ms`,
);
for (const r of results) {
  console.log(
    `${pad(r.route, 40)}${pad(r.neon_calls, 6)}${pad(r.stream_calls, 8)}${pad(r.serial_trips, 8)}${pad(r.p50_ms, 9)}${r.p95_ms}`,
  );
}
mkdirSync('artifacts', { recursive: true });
writeFileSync(
  'artifacts/bench.json',
  `${JSON.stringify({ added_latency_ms: ADDED_LATENCY_MS, samples: SAMPLES, results }, null, 2)}\n`,
);
console.log('\nwritten: artifacts/bench.json');

await worker.stop();
await Promise.all([neon.close(), stream.close()]);
