import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseEnvFile } from '../local/env-file.ts';

/**
 * The benchmark's fixture (a tenant with an admin and a member, a channel with history) and the
 * routes it measures. Every route goes through the public API, as a client would call it.
 */
// biome-ignore lint/suspicious/noExplicitAny: JSON bodies of many shapes; each route reads what it needs.
type JsonBody = any;

export type Api = (
  method: string,
  path: string,
  token?: string,
  body?: unknown,
  headers?: Record<string, string>,
) => Promise<JsonBody>;

export interface Route {
  name: string;
  /** Untimed setup for one sample; its result is passed to `run`. */
  prepare?: () => Promise<unknown>;
  run: (prepared: unknown) => Promise<unknown>;
  /** Measure on a freshly loaded runtime (the first request of a new isolate). */
  cold?: boolean;
  /** The request autocannon repeats for req/s (omitted: not load-tested). */
  load?: { method: string; path: string; token?: string; body?: unknown };
}

/** The Stream app the bench's Workers use: the local example settings. */
const exampleVars = parseEnvFile(readFileSync('.dev.vars.example', 'utf8'));
const STREAM_APP = {
  key: exampleVars.STREAM_API_KEY ?? '',
  secret: exampleVars.STREAM_API_SECRET ?? '',
};

let seq = 0;
export const unique = () => `${Date.now().toString(36)}-${seq++}`;
const password = 'correct horse battery';

/** Members join by invitation: the admin invites, the user accepts (and gets a scoped token). */
export async function join(
  api: Api,
  tenantId: string,
  adminToken: string,
  email: string,
  userToken: string,
  role: 'member' | 'moderator' = 'member',
): Promise<string> {
  const { invitation } = await api('POST', `/tenants/${tenantId}/invitations`, adminToken, {
    email,
    role,
  });
  return (await api('POST', `/invitations/${invitation.id}/accept`, userToken)).token;
}

export async function fixture(api: Api) {
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
  await join(api, tenantId, jwt, memberEmail, member.token);
  const channel = await api('POST', '/channels', jwt, { name: `bench-${unique()}` });
  const streamId: string = channel.stream_id;
  for (let i = 0; i < 20; i++) {
    await api('POST', '/messages', jwt, { stream_id: streamId, text: `message ${i}` });
  }
  // Pools of users, as many users would call (the bench's rate limiters refuse nothing,
  // bench/runtime.ts): senders who have already sent once (so a timed send is a warm one, not a
  // first send), and moderators who create channels.
  const pool = async (size: number, role: 'member' | 'moderator') => {
    const tokens: string[] = [];
    for (let i = 0; i < size; i++) {
      const email = `${role}-${unique()}@bench.test`;
      const user = await api('POST', '/auth/register', undefined, { email, password, name: role });
      tokens.push(await join(api, tenantId, jwt, email, user.token, role));
    }
    let next = 0;
    return { tokens, next: () => tokens[next++ % tokens.length]! };
  };
  const senders = await pool(4, 'member');
  for (const token of senders.tokens) {
    await api('POST', '/messages', token, { stream_id: streamId, text: 'joining' });
  }
  const creators = await pool(4, 'moderator');
  return { adminEmail, memberEmail, admin, tenantId, jwt, member, streamId, senders, creators };
}

export function routes(api: Api, f: Awaited<ReturnType<typeof fixture>>): Route[] {
  const { tenantId, jwt, streamId } = f;
  const newMember = async () => {
    const email = `m-${unique()}@bench.test`;
    const user = await api('POST', '/auth/register', undefined, { email, password, name: 'M' });
    const token = await join(api, tenantId, jwt, email, user.token);
    return { email, userId: user.user.id as string, token };
  };
  const send = (token: string) =>
    api('POST', '/messages', token, { stream_id: streamId, text: 'hello' });
  // Stream's before-send hook for a member's direct SDK send, signed as Stream signs it.
  const hookBody = {
    message: { id: '', text: 'hello', type: 'regular', user: { id: f.member.user.id } },
    user: { id: f.member.user.id, role: 'user' },
    channel: { type: 'messaging', id: streamId, cid: `messaging:${streamId}` },
    request_info: { type: 'client' },
  };
  const hookHeaders = {
    'x-api-key': STREAM_APP.key,
    'x-signature': createHmac('sha256', STREAM_APP.secret)
      .update(JSON.stringify(hookBody))
      .digest('hex'),
  };
  return [
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
      run: () => api('POST', '/auth/login', undefined, { email: f.adminEmail, password }),
    },
    { name: 'GET /tenants', run: () => api('GET', '/tenants', jwt) },
    {
      name: 'POST /tenants',
      // A new user each time, as tenants are created (one user may create 10 a minute).
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
      run: () => api('POST', `/tenants/${tenantId}/token`, f.admin.token),
    },
    {
      name: 'GET /tenants/{id}/members',
      run: () => api('GET', `/tenants/${tenantId}/members`, jwt),
    },
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
      // The member logs in (the login row already spends the admin's per-(email, IP) budget).
      prepare: async () =>
        (await api('POST', '/auth/login', undefined, { email: f.memberEmail, password }))
          .refresh_token,
      run: (refreshToken) =>
        api('POST', '/auth/refresh', undefined, { refresh_token: refreshToken }),
    },
    {
      name: 'PATCH /tenants/{id}/members/{user_id}',
      run: () =>
        api('PATCH', `/tenants/${tenantId}/members/${f.member.user.id}`, jwt, { role: 'member' }),
    },
    {
      name: 'DELETE /tenants/{id}/members/{user_id}',
      prepare: async () => (await newMember()).userId,
      run: (userId) => api('DELETE', `/tenants/${tenantId}/members/${userId}`, jwt),
    },
    {
      name: 'POST /channels',
      run: () => api('POST', '/channels', f.creators.next(), { name: `c-${unique()}` }),
    },
    {
      name: 'GET /channels',
      run: () => api('GET', '/channels?limit=50', jwt),
      load: { method: 'GET', path: '/channels?limit=50', token: jwt },
    },
    { name: 'GET /channels/{stream_id}', run: () => api('GET', `/channels/${streamId}`, jwt) },
    {
      name: 'PATCH /channels/{stream_id}',
      run: () => api('PATCH', `/channels/${streamId}`, jwt, { description: `d ${unique()}` }),
    },
    {
      name: 'DELETE /channels/{stream_id}',
      prepare: async () =>
        (await api('POST', '/channels', f.creators.next(), { name: `a-${unique()}` })).stream_id,
      run: (id) => api('DELETE', `/channels/${id}`, jwt),
    },
    {
      name: 'POST /channels/{stream_id}/members',
      run: () =>
        api('POST', `/channels/${streamId}/members`, jwt, { user_ids: [f.member.user.id] }),
    },
    {
      // Not load-tested: a user may send 30 messages per 10 s, and req/s would measure the
      // stand-ins' writes more than the Worker.
      name: 'POST /messages',
      run: () => send(f.senders.next()),
    },
    {
      name: 'POST /messages (first send of a user)',
      prepare: async () => (await newMember()).token,
      run: (token) => send(token as string),
    },
    {
      name: 'POST /messages (cold isolate)',
      cold: true,
      run: () => send(f.senders.next()),
    },
    {
      name: 'GET /messages/{stream_id}',
      run: () => api('GET', `/messages/${streamId}?limit=50`, jwt),
      load: { method: 'GET', path: `/messages/${streamId}?limit=50`, token: jwt },
    },
    {
      name: 'GET /messages/{stream_id} (cold isolate)',
      cold: true,
      run: () => api('GET', `/messages/${streamId}?limit=50`, jwt),
    },
    {
      name: 'GET /stream/token',
      run: () => api('GET', '/stream/token', jwt),
      load: { method: 'GET', path: '/stream/token', token: jwt },
    },
    { name: 'GET /health', run: () => api('GET', '/health') },
    {
      // Stream waits 1.5 s by default; the hook's p50/p99 here are what it spends of that.
      name: 'POST /webhooks/stream/before-send',
      run: () => api('POST', '/webhooks/stream/before-send', undefined, hookBody, hookHeaders),
    },
  ];
}
