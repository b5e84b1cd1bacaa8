/**
 * The OpenAPI 3.1 document, built by @hono/zod-openapi from the routes the app mounts (their
 * zod schemas are the ones that validate requests), so the docs cannot drift from the checks.
 * Built in Node, not in the Worker: `npm run openapi` writes it to public/openapi.json, a static
 * asset, and test/node/openapi.test.ts fails when that file is not what the routes say.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import packageJson from '../../package.json';
import { app } from '../app';
import { declaredRoutes, routingPath, validators } from '../http/routes';

/** The declared routes in the app's mount order (the order of the document's paths). */
function routesInMountOrder() {
  // Importing the app mounted every route group, which is what filled declaredRoutes.
  const mounted = app.routes.map((r) => `${r.method} ${r.path}`);
  const rank = (r: (typeof declaredRoutes)[number]) =>
    mounted.indexOf(`${r.method.toUpperCase()} ${routingPath(r.path)}`);
  return [...declaredRoutes].sort((a, b) => rank(a) - rank(b));
}

/** The document's introduction (Markdown: Swagger UI shows it at the top of /docs). */
const DESCRIPTION = `Multi-tenant chat backend on Cloudflare Workers: tenants, users, roles and channels in Postgres (Neon), chat on [Stream Chat](https://getstream.io/chat/docs/javascript/). Errors always use the \`Error\` envelope.

## Chat runs on Stream

This API keeps accounts, tenants, roles and channels. The chat itself (live messages, typing, read state, reactions, threads) is Stream's: a frontend talks to Stream directly with Stream's SDK (\`stream-chat\`, or its React kit), signed in with a token from this API.

- **Channels.** Every channel this API creates is a Stream channel of type \`messaging\`, and its \`stream_id\` is the Stream channel id: \`client.channel('messaging', stream_id)\` in the SDK (cid \`messaging:<stream_id>\`). The routes here take the same \`stream_id\`.
- **Users.** A user's Stream user id is their \`id\` here; with multi-tenancy on (the default) each tenant is a Stream team, so a Stream token sees its own tenant only.
- **Tokens.** \`GET /stream/token\` answers \`{ token, api_key, user_id, expires_at }\` for \`connectUser\`. A token expires after \`STREAM_TOKEN_TTL_SECONDS\` (10 minutes by default) and Stream refuses it earlier after a sign-out, a password change or a removal, so give the SDK a \`tokenProvider\` that asks this API again (the SDK calls it whenever Stream refuses the token, on REST calls and WebSocket reconnects).
- **Local work.** \`npm run dev\` runs a Stream emulator at \`http://127.0.0.1:3030\`: pass it to the SDK as \`baseURL\` (the SDK opens its WebSocket on port 8800 for that address; the emulator listens there too). In production leave \`baseURL\` out: the SDK uses Stream's own endpoints.

\`\`\`ts
import { StreamChat } from 'stream-chat';

const API = 'http://127.0.0.1:8787'; // this API
const streamToken = async () => {
  const res = await fetch(\`\${API}/stream/token\`, { headers: { Authorization: \`Bearer \${accessToken}\` } });
  if (!res.ok) throw new Error(\`stream token: \${res.status}\`);
  return (await res.json()) as { token: string; api_key: string; user_id: string; expires_at: string };
};

const first = await streamToken();
// Local stand-ins only: Stream's emulator. In production: new StreamChat(first.api_key).
const chat = new StreamChat(first.api_key, { baseURL: 'http://127.0.0.1:3030' });
// The tokenProvider: a fresh token from this API whenever Stream asks for one.
await chat.connectUser({ id: first.user_id }, async () => (await streamToken()).token);
const channel = chat.channel('messaging', stream_id); // a channel's stream_id from this API
await channel.watch();
\`\`\`
`;

export function openApiDocument() {
  const doc = new OpenAPIHono();
  doc.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description:
      'The `token` from /auth/register, /auth/login, POST /tenants or /tenants/{id}/token',
  });
  doc.openAPIRegistry.registerComponent('securitySchemes', 'streamSignature', {
    type: 'apiKey',
    in: 'header',
    name: 'X-Signature',
    description:
      "Stream's signature of the request: the lower-case hex HMAC-SHA256 of the uncompressed body with the Stream app's API secret, next to `X-Api-Key` (the app's key). Only Stream calls these routes.",
  });
  for (const { middleware: _, hide: __, ...route } of routesInMountOrder()) {
    // The Worker wires a route's validators on its first request; a declaration it could not
    // wire fails here, at build time, instead.
    validators(route.request);
    doc.openapi(route, (c) => c.body(null));
  }
  return doc.getOpenAPI31Document({
    openapi: '3.1.0',
    info: {
      title: 'Edge Chat API',
      version: packageJson.version,
      description: DESCRIPTION,
    },
    // Relative: the server that serves this document (any host, local or deployed).
    servers: [{ url: '/', description: 'This server' }],
    tags: [
      { name: 'Auth' },
      { name: 'Tenants' },
      { name: 'Channels' },
      { name: 'Messages' },
      {
        name: 'Stream',
        description:
          "Stream Chat's side: `GET /stream/token` gives the frontend's Stream SDK its user token (use it as a `tokenProvider`, see the introduction), and the webhook routes are called by Stream only. A channel's `stream_id` is its Stream channel id, of channel type `messaging`.",
      },
      { name: 'Health' },
    ],
  });
}

/** The file's text: stable key order from the generator, two-space indent, final newline. */
export const openApiText = () => `${JSON.stringify(openApiDocument(), null, 2)}\n`;
