/**
 * A frontend's use of the client package, compiled (never run) by
 * test/node/client-package.test.ts with this folder's browser tsconfig. Each `@ts-expect-error`
 * is a mistake the types must catch: were a route's types lost (any), the directive itself
 * would be the error.
 */
import {
  type ChannelListResponse,
  createApiClient,
  type ErrorResponse,
  type SessionResponse,
  type StreamTokenResponse,
} from '../../client/index.ts';

let token = '';
const api = createApiClient('http://127.0.0.1:8787', {
  headers: (): Record<string, string> => (token ? { authorization: `Bearer ${token}` } : {}),
});

export async function signIn(email: string, password: string): Promise<SessionResponse> {
  const res = await api.auth.login.$post({ json: { email, password } });
  if (res.status !== 200) {
    const failure: ErrorResponse = await res.json();
    throw new Error(`${failure.code}: ${failure.error}`);
  }
  const session = await res.json();
  token = session.token;
  const userName: string = session.user.name;
  const expires: string = session.expires_at;
  return { ...session, user: { ...session.user, name: userName }, expires_at: expires };
}

export async function tenantNames(): Promise<string[]> {
  const res = await api.tenants.$get();
  if (res.status !== 200) throw new Error(`tenants: ${res.status}`);
  const { tenants } = await res.json();
  return tenants.map((t) => `${t.name} (${t.role})`);
}

export async function switchTenant(id: string): Promise<void> {
  const res = await api.tenants[':id'].token.$post({ param: { id } });
  if (res.status !== 200) throw new Error(`tenant token: ${res.status}`);
  token = (await res.json()).token;
}

export async function firstChannel(): Promise<ChannelListResponse['channels'][number] | undefined> {
  const res = await api.channels.$get({ query: {} });
  if (res.status !== 200) return undefined;
  return (await res.json()).channels[0];
}

export async function post(streamId: string, text: string): Promise<string> {
  const res = await api.messages.$post({
    json: { stream_id: streamId, text },
    header: { 'idempotency-key': crypto.randomUUID() },
  });
  if (res.status !== 201) throw new Error(`send: ${res.status}`);
  const { message } = await res.json();
  return message.id;
}

export async function read(streamId: string): Promise<string[]> {
  const res = await api.messages[':stream_id'].$get({ param: { stream_id: streamId }, query: {} });
  if (res.status !== 200) return [];
  return (await res.json()).messages.map((m) => m.text);
}

/** The Stream SDK's tokenProvider: a fresh Stream token whenever the SDK asks. */
export async function streamToken(): Promise<StreamTokenResponse['token']> {
  const res = await api.stream.token.$get();
  if (res.status !== 200) throw new Error(`stream token: ${res.status}`);
  return (await res.json()).token;
}

export async function mistakes(streamId: string): Promise<void> {
  // @ts-expect-error the body needs `text`
  await api.messages.$post({ json: { stream_id: streamId }, header: {} });
  // @ts-expect-error `text` is a string
  await api.messages.$post({ json: { stream_id: streamId, text: 42 }, header: {} });
  // @ts-expect-error login takes `email`, not `username`
  await api.auth.login.$post({ json: { username: 'a', password: 'b' } });
  // @ts-expect-error the route's parameter is `stream_id`
  await api.messages[':stream_id'].$get({ param: { id: streamId }, query: {} });
  // @ts-expect-error no such route
  await api.channel.$get();
  const res = await api.me.$get();
  if (res.status === 200) {
    const me = await res.json();
    // @ts-expect-error the profile has no `password`
    console.log(me.user.password);
  }
}
