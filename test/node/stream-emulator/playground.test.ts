/**
 * Two browsers chatting through the emulator with the SDK's browser build: headless Chromium
 * with two isolated contexts. One opens the playground served by the emulator; the other
 * opens the same page from another local origin (as from a Vite dev server), which needs the
 * emulator's CORS for the SDK bundle, REST calls and the WebSocket.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchChromium } from '../chromium';
import { useStreamEmulator } from './harness';

const WAIT = { timeout: 15_000 };

describe.skipIf(!hasChromium)('playground in two browsers', () => {
  const h = useStreamEmulator({ playground: true });
  let browser: Browser;
  let otherOrigin: Server;
  let otherUrl: string;

  beforeAll(async () => {
    const page = readFileSync('local/stream/playground/page.html');
    otherOrigin = createServer((_req, res) =>
      res.writeHead(200, { 'content-type': 'text/html' }).end(page),
    );
    await new Promise<void>((resolve) => otherOrigin.listen(0, '127.0.0.1', resolve));
    otherUrl = `http://127.0.0.1:${(otherOrigin.address() as { port: number }).port}/`;
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => otherOrigin?.close(resolve));
  });

  async function open(url: string, token: string, channel = 'general'): Promise<Page> {
    const context = await browser.newContext();
    const page = await context.newPage();
    const target = new URL(url);
    target.searchParams.set('token', token);
    target.searchParams.set('channel', channel);
    await page.goto(target.toString());
    await page.click('#connect');
    await page.locator('#status', { hasText: 'connected as' }).waitFor(WAIT);
    return page;
  }

  it('messages and typing go both ways, and server-side messages reach both', async () => {
    await h.server.upsertUsers([{ id: 'alice' }, { id: 'bob' }]);
    await h.server
      .channel('messaging', 'general', { created_by_id: 'alice', members: ['alice', 'bob'] })
      .create();
    const alice = await open(`${h.emulator.url}/__playground`, h.server.createToken('alice'));
    // The channel field takes a bare id or a cid ("type:id"), as its label says.
    const bob = await open(
      `${otherUrl}?baseURL=${encodeURIComponent(h.emulator.url)}`,
      h.server.createToken('bob'),
      'messaging:general',
    );
    expect(await bob.locator('#status').textContent()).toBe(
      'connected as bob to messaging:general',
    );

    await alice.fill('#text', 'hello from alice');
    await bob.locator('#typing', { hasText: 'alice typing' }).waitFor(WAIT);
    await alice.click('#send-button');
    await bob.locator('#messages li', { hasText: 'alice: hello from alice' }).waitFor(WAIT);

    await bob.fill('#text', 'hi alice');
    await bob.click('#send-button');
    await alice.locator('#messages li', { hasText: 'bob: hi alice' }).waitFor(WAIT);

    await h.server
      .channel('messaging', 'general')
      .sendMessage({ text: 'from the backend', user_id: 'alice' });
    for (const page of [alice, bob]) {
      await page.locator('#messages li', { hasText: 'alice: from the backend' }).waitFor(WAIT);
    }
  });
});
