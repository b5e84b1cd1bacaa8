/**
 * The API in a real browser (Debian's Chromium driven by playwright-core), served by
 * `wrangler dev` against the stand-ins:
 *  (a) Swagger UI at /docs: authorize with a token, run GET /channels, see 200;
 *  (b) a page on another (allowed) origin runs the design document's fetch snippets;
 *  (c) with the local stand-ins, a page on any localhost port is allowed as well;
 *  (d) a page on a disallowed origin is refused by the browser's CORS check.
 * Screenshots go to artifacts/screenshots (git-ignored).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchChromium } from './chromium';
import { type LocalStack, startLocalStack } from './local-stack';

const SHOTS = 'artifacts/screenshots';

// Each step waits up to 20 s: a loaded machine renders Swagger UI slowly; a green run takes far less.
describe.skipIf(!hasChromium)('in a real browser', { timeout: 60_000 }, () => {
  let stack: LocalStack;
  let frontend: Server;
  let frontendPort: number;
  /** The same page on 127.0.0.2: loopback, but not an origin the API allows. */
  let elsewhere: Server;
  let elsewherePort: number;
  let browser: Browser;
  let api: string;
  let admin: { token: string; streamId: string };

  async function json(path: string, init: RequestInit & { token?: string } = {}) {
    const headers = new Headers(init.headers);
    if (init.token) headers.set('authorization', `Bearer ${init.token}`);
    if (init.body) headers.set('content-type', 'application/json');
    const res = await fetch(`${api}${path}`, { ...init, headers });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }

  beforeAll(async () => {
    const page = readFileSync('test/browser/frontend.html');
    frontend = createServer((_req, res) =>
      res.writeHead(200, { 'content-type': 'text/html' }).end(page),
    );
    await new Promise<void>((resolve) => frontend.listen(0, '127.0.0.1', resolve));
    frontendPort = (frontend.address() as { port: number }).port;
    elsewhere = createServer((_req, res) =>
      res.writeHead(200, { 'content-type': 'text/html' }).end(page),
    );
    await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.2', resolve));
    elsewherePort = (elsewhere.address() as { port: number }).port;

    stack = await startLocalStack({
      // The 127.0.0.1 origin is listed; "localhost" on any port is allowed because the
      // stand-ins are (src/http/cors.ts); 127.0.0.2 is neither.
      CORS_ORIGINS: `http://127.0.0.1:${frontendPort}`,
    });
    api = stack.api;

    const email = `browser-${Date.now()}@example.com`;
    const reg = await json('/auth/register', {
      method: 'POST',
      body: JSON.stringify({ email, password: 'correct horse battery', name: 'Browser' }),
    });
    expect(reg.status).toBe(201);
    const tenant = await json('/tenants', {
      method: 'POST',
      token: String(reg.body.token),
      body: JSON.stringify({ name: 'Browser tenant' }),
    });
    const token = String(tenant.body.token);
    const channel = await json('/channels', {
      method: 'POST',
      token,
      body: JSON.stringify({
        name: 'Ekemini Samuel',
        description: 'EkeminiOS channel for the team',
      }),
    });
    expect(channel.status).toBe(201);
    admin = { token, streamId: String(channel.body.stream_id) };

    mkdirSync(SHOTS, { recursive: true });
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await new Promise((resolve) => frontend?.close(resolve));
    await new Promise((resolve) => elsewhere?.close(resolve));
  });

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    return context.newPage();
  }

  /** The frontend page at http://<host>:<port>, told the API url, the token and the channel. */
  async function openFrontend(host: '127.0.0.1' | 'localhost' | '127.0.0.2'): Promise<Page> {
    const page = await newPage();
    const hash = new URLSearchParams({ api, jwt: admin.token, stream_id: admin.streamId });
    const port = host === '127.0.0.2' ? elsewherePort : frontendPort;
    await page.goto(`http://${host}:${port}/#${hash}`);
    return page;
  }

  it('(a) Swagger UI: authorize with a token and execute GET /channels → 200', async () => {
    const page = await newPage();
    page.setDefaultTimeout(20_000);
    const failed: string[] = [];
    page.on('requestfailed', (r) => failed.push(r.url()));
    const cspViolations: string[] = [];
    page.on(
      'console',
      (m) => m.text().includes('Content Security Policy') && cspViolations.push(m.text()),
    );
    await page.goto(`${api}/docs`);
    await page.locator('.swagger-ui .info .title').waitFor();
    await page.screenshot({ path: `${SHOTS}/docs.png`, fullPage: false });

    await page.locator('button.authorize').first().click();
    // The bearer scheme's form (Stream's signature scheme, for Stream's own routes, is the other).
    const bearer = page.locator('.modal-ux form').filter({ hasText: 'bearerAuth' });
    await bearer.locator('input').fill(admin.token);
    await bearer.locator('button.authorize').click();
    await bearer.locator('button.btn-done').click();

    const op = page.locator('#operations-Channels-get_channels');
    await op.locator('.opblock-summary').click();
    // init.js turns "Try it out" on by default; click it only if it is still off.
    const tryOut = op.locator('button.try-out__btn');
    if ((await tryOut.textContent())?.includes('Try it out')) await tryOut.click();
    await op.locator('button.execute').click();
    const status = op.locator('.live-responses-table .response .response-col_status').first();
    await status.waitFor();
    expect((await status.textContent())?.trim()).toBe('200');
    await expect
      .poll(() => op.locator('.live-responses-table').textContent())
      .toContain(admin.streamId);
    await page.screenshot({ path: `${SHOTS}/docs-get-channels.png`, fullPage: true });
    expect(failed).toEqual([]);
    expect(cspViolations).toEqual([]);
  });

  it('(b) a page on an allowed origin sends and reads messages with the document’s fetch snippets', async () => {
    const page = await openFrontend('127.0.0.1');
    await page.evaluate(() =>
      (globalThis as unknown as { sendMessage(t: string): Promise<void> }).sendMessage(
        'Hello from the browser',
      ),
    );
    await expect.poll(() => page.locator('#status').textContent()).toMatch(/^sent /);
    await page.evaluate(() =>
      (globalThis as unknown as { fetchMessages(): Promise<void> }).fetchMessages(),
    );
    await expect.poll(() => page.locator('#status').textContent()).toBe('loaded 1');
    expect(await page.locator('#messages li').allTextContents()).toEqual([
      'Hello from the browser',
    ]);
    await page.screenshot({ path: `${SHOTS}/frontend-allowed.png` });
  });

  it('(c) with the local stand-ins, a page on localhost (not listed) is allowed too', async () => {
    const page = await openFrontend('localhost');
    await page.evaluate(() =>
      (globalThis as unknown as { fetchMessages(): Promise<void> }).fetchMessages(),
    );
    await expect.poll(() => page.locator('#status').textContent()).toMatch(/^loaded \d+$/);
  });

  it('(d) a page on a disallowed origin is refused by the browser', async () => {
    const page = await openFrontend('127.0.0.2');
    await page.evaluate(() =>
      (globalThis as unknown as { fetchMessages(): Promise<void> }).fetchMessages(),
    );
    await expect.poll(() => page.locator('#status').textContent()).toMatch(/^error: TypeError/);
    expect(await page.locator('#messages li').count()).toBe(0);
  });
});
