/**
 * A small chat page for trying the emulator with the real SDK in a browser, served under
 * `/__playground` only when `startStreamEmulator({ playground: true })` (npm run dev sets it;
 * tests do not, except the browser test). Local-only, like `/__control`.
 *
 *   GET /__playground                 the page (paste a user token, pick a channel, chat)
 *   GET /__playground/stream-chat.js  the SDK's browser build, bundled once with esbuild
 *   GET /__playground/config          {api_key, baseURL}
 *
 * The page may also be opened from another local origin with `?baseURL=` (a Vite-style dev
 * server); the emulator's CORS answers it, which is what the browser test checks.
 */
import { readFileSync } from 'node:fs';
import { Hono } from 'hono';
import { browserBundle } from '../../browser-bundle';

const PAGE = new URL('./page.html', import.meta.url);

let bundle: Promise<string> | undefined;

/** The SDK bundled for browsers once per process (~800 KB, well under a second). */
function sdkBundle(): Promise<string> {
  bundle ??= browserBundle({ source: "export { StreamChat } from 'stream-chat';" });
  return bundle;
}

export function playgroundRoutes(apiKey: string): Hono {
  return new Hono()
    .get('/', (c) => c.html(readFileSync(PAGE, 'utf8')))
    .get('/config', (c) => c.json({ api_key: apiKey, baseURL: new URL(c.req.url).origin }))
    .get('/stream-chat.js', async (c) =>
      c.body(await sdkBundle(), 200, { 'content-type': 'text/javascript; charset=utf-8' }),
    );
}
