/**
 * Why `POST /messages` keeps its database trip before Stream (issue 11 asked for one trip).
 * A one-trip send would post as the user (a user token, which Stream checks against its grants
 * and teams) at the same time as the database check. That is only safe if Stream refuses every
 * send the database refuses. These probes send exactly that user-scoped request straight to
 * Stream in the two situations where the stores can disagree, and ask our API the same thing:
 *
 *  - removal window: a member removed from the tenant while Stream is failing, so the
 *    removal's Stream side waits for its repair (grace period, then retries with backoff);
 *  - tenant boundary: a user in two tenants, a token scoped to one, a channel of the other.
 *
 * "published" = Stream accepted the message, which a failed check afterwards cannot unsend.
 */
import { sign } from 'hono/jwt';
import type { Api } from './routes.ts';
import { join, unique } from './routes.ts';
import type { Upstreams } from './upstreams.ts';

export interface Probe {
  probe: string;
  api_status: number;
  stream_user_send_status: number;
  one_trip_would_publish: boolean;
}

const password = 'correct horse battery';

async function streamUserSend(
  upstreams: Upstreams,
  vars: Record<string, string>,
  userId: string,
  streamId: string,
): Promise<number> {
  const token = await sign(
    { user_id: userId, exp: Math.floor(Date.now() / 1000) + 600 },
    vars.STREAM_API_SECRET!,
    'HS256',
  );
  const res = await fetch(
    `${upstreams.streamUrl}/channels/messaging/${streamId}/message?api_key=${vars.STREAM_API_KEY}`,
    {
      method: 'POST',
      headers: {
        authorization: token,
        'stream-auth-type': 'jwt',
        'content-type': 'application/json',
      },
      body: JSON.stringify({ message: { text: 'one-trip probe' } }),
    },
  );
  await res.text();
  return res.status;
}

export async function oneTripProbes(
  api: Api,
  rawApi: (method: string, path: string, token: string, body?: unknown) => Promise<number>,
  upstreams: Upstreams,
  vars: Record<string, string>,
): Promise<Probe[]> {
  const register = async (name: string) => {
    const email = `${name}-${unique()}@bench.test`;
    const user = await api('POST', '/auth/register', undefined, { email, password, name });
    return { email, id: user.user.id as string, token: user.token as string };
  };
  // Tenant A: an admin, a member who has sent (so is a channel member in both stores).
  const admin = await register('probe-admin');
  const a = await api('POST', '/tenants', admin.token, { name: `A ${unique()}` });
  const member = await register('probe-member');
  const memberA = await join(api, a.tenant.id, a.token, member.email, member.token);
  const channel = await api('POST', '/channels', a.token, { name: `probe-${unique()}` });
  await api('POST', '/messages', memberA, { stream_id: channel.stream_id, text: 'hi' });

  // Removal window: Stream fails the removal's calls, so Stream still lists the member.
  await upstreams.failStream('QueryChannels', 503, 1);
  await upstreams.failStream('UpdateUsers', 503, 1);
  const removal = await rawApi('DELETE', `/tenants/${a.tenant.id}/members/${member.id}`, a.token);
  // The removal's Stream calls run in parallel; the request may answer before the second one is
  // made. Wait until both faults are spent, and clear what a slow machine left unspent, so they
  // cannot hit the next requests.
  for (let waited = 0; waited < 10_000; waited += 50) {
    const { rules } = (await (await fetch(`${upstreams.streamUrl}/__control/faults`)).json()) as {
      rules: unknown[];
    };
    if (rules.length === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await upstreams.clearFaults();
  const windowApi = await rawApi('POST', '/messages', memberA, {
    stream_id: channel.stream_id,
    text: 'after removal',
  });
  const windowStream = await streamUserSend(upstreams, vars, member.id, channel.stream_id);

  // Tenant boundary: the admin also belongs to tenant B, whose channel they created.
  const b = await api('POST', '/tenants', admin.token, { name: `B ${unique()}` });
  const channelB = await api('POST', '/channels', b.token, { name: `probe-b-${unique()}` });
  const crossApi = await rawApi('POST', '/messages', a.token, {
    stream_id: channelB.stream_id,
    text: 'A-scoped token, B channel',
  });
  const crossStream = await streamUserSend(upstreams, vars, admin.id, channelB.stream_id);

  const published = (status: number) => status >= 200 && status < 300;
  return [
    {
      probe: `removed member, removal's Stream side pending (DELETE answered ${removal})`,
      api_status: windowApi,
      stream_user_send_status: windowStream,
      one_trip_would_publish: published(windowStream) && !published(windowApi),
    },
    {
      probe: 'token scoped to tenant A, channel of tenant B (user in both)',
      api_status: crossApi,
      stream_user_send_status: crossStream,
      one_trip_would_publish: published(crossStream) && !published(crossApi),
    },
  ];
}
