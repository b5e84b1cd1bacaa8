/**
 * Runs parity-b's SDK scenarios (test/parity/b-index.ts) in headless Chromium: the scenarios and
 * the SDK's browser build are bundled with esbuild and served from another local origin (as a
 * Vite dev server would), so uploads go through the browser's FormData and every call through
 * the emulator's CORS. Tokens come from Node (`page.exposeFunction`); the page's server client
 * is a secretless SDK client with a server token, since the SDK signs nothing in a browser.
 */
import { createServer, type Server } from 'node:http';
import { build } from 'esbuild';
import { sign } from 'hono/jwt';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PARITY_B_SCENARIOS } from '../../parity/b-index';
import { hasChromium, launchChromium } from '../chromium';
import { KEY, SECRET, useStreamEmulator } from './harness';

/** The page's entry: `window.runParityScenario(name, baseURL, apiKey)` → "ok" or the failure. */
const ENTRY = `
import { StreamChat } from 'stream-chat';
import { PARITY_B_SCENARIOS } from './b-index';
window.runParityScenario = async (name, baseURL, apiKey) => {
  const clients = [];
  let counter = 0;
  const userClient = async (id, connect) => {
    const client = new StreamChat(apiKey, { baseURL });
    clients.push(client);
    const token = await window.parityToken(id);
    if (connect) await client.connectUser({ id }, token);
    else {
      await client._setToken({ id }, token);
      client._setUser({ id });
    }
    return client;
  };
  const server = new StreamChat(apiKey, { baseURL });
  // client.channel() wants a user: one that is never sent, the token is a server token.
  await server._setToken({ id: 'parity-server' }, () => window.parityToken(null));
  server._setUser({ id: 'parity-server' });
  const run = Date.now().toString(36);
  const ctx = {
    baseURL,
    server,
    connect: (id) => userClient(id, true),
    rest: (id) => userClient(id, false),
    file: (bytes, fileName, type) => new File([bytes], fileName, { type }),
    id: (base) => base + '-' + run + '-' + ++counter,
  };
  try {
    await PARITY_B_SCENARIOS[name](ctx);
    return 'ok';
  } catch (error) {
    return String(error && error.stack ? error.stack : error);
  } finally {
    await Promise.all(clients.map((client) => client.disconnectUser()));
  }
};
`;

describe.skipIf(!hasChromium)('parity-b scenarios (Chromium)', () => {
  const h = useStreamEmulator();
  let browser: Browser;
  let page: Page;
  let origin: Server;

  beforeAll(async () => {
    const bundle = await build({
      stdin: { contents: ENTRY, resolveDir: 'test/parity', loader: 'ts' },
      bundle: true,
      format: 'esm',
      platform: 'browser',
      write: false,
      logLevel: 'warning',
      define: { 'process.env.NODE_ENV': '"development"' },
    });
    const script = bundle.outputFiles[0]?.text ?? '';
    origin = createServer((req, res) => {
      if (req.url === '/parity.js') {
        res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
      } else {
        res
          .writeHead(200, { 'content-type': 'text/html' })
          .end('<!doctype html><script type="module" src="/parity.js"></script>');
      }
    });
    await new Promise<void>((resolve) => origin.listen(0, '127.0.0.1', resolve));
    browser = await launchChromium();
    page = await browser.newPage();
    await page.exposeFunction('parityToken', (id: string | null) =>
      id === null ? sign({ server: true }, SECRET, 'HS256') : h.sdk.createToken(id),
    );
    const { port } = origin.address() as { port: number };
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.waitForFunction(() => 'runParityScenario' in globalThis);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => origin?.close(resolve));
  });

  for (const name of Object.keys(PARITY_B_SCENARIOS)) {
    it(name, async () => {
      const outcome = await page.evaluate(
        ([scenario, baseURL, apiKey]) =>
          (
            globalThis as unknown as {
              runParityScenario(n: string, b: string, k: string): Promise<string>;
            }
          ).runParityScenario(scenario, baseURL, apiKey),
        [name, h.emulator.url, KEY] as const,
      );
      expect(outcome).toBe('ok');
    });
  }
});
