/**
 * The benchmark's floor: a bare Hono Worker doing what `GET /stream/token` must do and nothing
 * else (verify the HS256 bearer token with hono/jwt, sign a Stream user token). The subject is
 * compared against it in the same runtime, so the ratio shows what the app adds on top.
 */
import { Hono } from 'hono';
import { sign, verify } from 'hono/jwt';

type Bindings = { JWT_SECRET: string; STREAM_API_SECRET: string; STREAM_API_KEY: string };

const app = new Hono<{ Bindings: Bindings }>();

app.get('/stream/token', async (c) => {
  const bearer = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
  if (!bearer) return c.json({ error: 'missing token' }, 401);
  const claims = await verify(bearer, c.env.JWT_SECRET, { alg: 'HS256', iss: 'edge-chat-api' });
  const exp = Math.floor(Date.now() / 1000) + 3600;
  const token = await sign({ user_id: claims.sub, exp }, c.env.STREAM_API_SECRET, 'HS256');
  return c.json({ token, api_key: c.env.STREAM_API_KEY, user_id: claims.sub, exp });
});

export default app;
