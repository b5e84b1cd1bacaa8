/**
 * Swagger UI at /docs. The page is rendered here; Swagger UI's scripts and styles are Workers
 * static assets under /docs/vendor (from swagger-ui-dist), so the docs work offline and under
 * a CSP that allows only this origin.
 */
import { Hono } from 'hono';
import { html } from 'hono/html';
import { secureHeaders } from 'hono/secure-headers';
import type { AppEnv } from '../../http/types';

/** A static asset, generated from the route declarations (`npm run openapi`). */
export const OPENAPI_PATH = '/openapi.json';

const page = html`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Edge Chat API — docs</title>
    <link rel="icon" type="image/png" href="/docs/vendor/favicon-32x32.png" />
    <link rel="stylesheet" href="/docs/vendor/swagger-ui.css" />
  </head>
  <body>
    <noscript>Swagger UI needs JavaScript. The raw document is at <a href="${OPENAPI_PATH}">${OPENAPI_PATH}</a>.</noscript>
    <div id="swagger-ui"></div>
    <script src="/docs/vendor/swagger-ui-bundle.js"></script>
    <script src="/docs/init.js"></script>
  </body>
</html>`;

export const docsRouter = new Hono<AppEnv>()
  .get('/', (c) => c.redirect('/docs', 302))
  .get(
    '/docs',
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Swagger UI sets style attributes at runtime.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
      },
    }),
    (c) => c.html(page),
  );
