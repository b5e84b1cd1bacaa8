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
      description:
        'Multi-tenant chat backend on Cloudflare Workers: tenants, users, roles and channels in Postgres (Neon), chat on Stream. Errors always use the `Error` envelope.',
    },
    // Relative: the server that serves this document (any host, local or deployed).
    servers: [{ url: '/', description: 'This server' }],
    tags: [
      { name: 'Auth' },
      { name: 'Tenants' },
      { name: 'Channels' },
      { name: 'Messages' },
      { name: 'Stream' },
      { name: 'Health' },
    ],
  });
}

/** The file's text: stable key order from the generator, two-space indent, final newline. */
export const openApiText = () => `${JSON.stringify(openApiDocument(), null, 2)}\n`;
