/**
 * The reference web client (examples/web) in Chromium, two users in two browser contexts,
 * against the API as `npm run dev` runs it (test/node/local-stack.ts) and the client served as
 * `npm run dev` serves it (local/web-client.ts):
 *  - Ada signs up, creates a tenant and a channel, and invites Grace by email;
 *  - Grace opens the invitation mail's link, signs up, confirms her address through the
 *    verification mail's link, and accepts; Ada adds her to the channel;
 *  - they chat in real time: names (not ids), typing, read state, a thread reply, a reaction;
 *  - Grace reports Ada's message and blocks Ada through our API (the kit's message actions);
 *  - Grace resets her password through the mailed link's page.
 * The two-user screenshot goes to artifacts/screenshots/web-client.png (docs/images/web-client.png
 * is a copy of it, shown in the README).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebClient, type WebClient } from '../../local/web-client';
import { hasChromium, launchChromium } from './chromium';
import { type LocalStack, startLocalStack } from './local-stack';

const SHOTS = 'artifacts/screenshots';
const PASSWORD = 'correct horse battery';
const VIEWPORT = { width: 960, height: 800 };

describe.skipIf(!hasChromium)('the reference web client, two users', () => {
  const outdir = mkdtempSync(join(tmpdir(), 'web-client-'));
  let stack: LocalStack | undefined;
  let web: WebClient;
  let browser: Browser;
  const run = Date.now();
  const ada = { name: 'Ada Lovelace', email: `ada-${run}@example.com` };
  const grace = { name: 'Grace Hopper', email: `grace-${run}@example.com` };

  beforeAll(async () => {
    web = await startWebClient({
      port: 0,
      outdir,
      config: () => ({ apiUrl: stack?.api ?? '', streamBaseUrl: stack?.stream.url }),
    });
    // The client builds while the API starts.
    [stack, browser] = await Promise.all([
      startLocalStack({ APP_URL: web.url, CORS_ORIGINS: web.url }),
      launchChromium(),
      web.built,
    ]);
    mkdirSync(SHOTS, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await web?.close();
    rmSync(outdir, { recursive: true, force: true });
  });

  /** What went wrong in a page: console errors, and calls Stream's emulator could not serve. */
  const problems: string[] = [];

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ viewport: VIEWPORT });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()} (${m.location().url})`);
    });
    page.on('response', (r) => {
      const stream = stack?.stream.url;
      if (stream && r.url().startsWith(stream) && [404, 501].includes(r.status())) {
        problems.push(`${r.status()} ${r.request().method()} ${r.url()}`);
      }
    });
    return page;
  }

  /** The newest link to `path` in the mail the mail stand-in got for `to`. */
  async function mailedLink(to: string, path: string): Promise<string> {
    let link: string | undefined;
    await expect
      .poll(async () => {
        const res = await fetch(`${stack?.mail.url}/__control/messages?to=${to}`);
        const { messages } = (await res.json()) as { messages: Array<{ text: string }> };
        const pattern = new RegExp(`${web.url}${path}\\?\\S+`);
        link = messages.map((m) => pattern.exec(m.text)?.[0]).find(Boolean);
        return link;
      })
      .toBeDefined();
    return link ?? '';
  }

  /** The API as the user signed in on `page` (their access token from the app's storage). */
  async function apiAs(page: Page, path: string) {
    const session = await page.evaluate(() =>
      (
        globalThis as unknown as { localStorage: { getItem(key: string): string | null } }
      ).localStorage.getItem('edge-chat:session'),
    );
    const { token } = JSON.parse(session ?? '{}') as { token: string };
    const res = await fetch(`${stack?.api}${path}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    return (await res.json()) as Record<string, unknown>;
  }

  /** The typing events (type and parent_id) a page's WebSocket receives, as they arrive. */
  function typingEventsOn(page: Page): Array<{ type: string; parent_id?: string }> {
    const seen: Array<{ type: string; parent_id?: string }> = [];
    page.on('websocket', (ws) =>
      ws.on('framereceived', ({ payload }) => {
        const event = JSON.parse(String(payload)) as { type?: string; parent_id?: string };
        if (event.type?.startsWith('typing.')) seen.push({ ...event, type: event.type });
      }),
    );
    return seen;
  }

  const message = (page: Page, text: string) =>
    page.locator('.str-chat__main-panel .str-chat__message').filter({ hasText: text });

  it('sign up, tenant, channel, invitation, chat, thread, reaction, report, block, password reset', async () => {
    // Ada: signs up, creates a tenant and a channel, invites Grace.
    const a = await newPage();
    await a.goto(`${web.url}/register`);
    await a.getByLabel('Name').fill(ada.name);
    await a.getByLabel('Email').fill(ada.email);
    await a.getByLabel('Password').fill(PASSWORD);
    await a.getByRole('button', { name: 'Sign up' }).click();
    await a.getByRole('button', { name: 'New tenant' }).click();
    await a.getByLabel('Tenant name').fill(`Engines ${run}`);
    await a.getByRole('button', { name: 'New tenant' }).click();
    await a.getByRole('button', { name: 'New channel' }).click();
    await a.getByLabel('Channel name').fill('general');
    await a.getByRole('button', { name: 'New channel' }).click();
    await expect
      .poll(() => a.locator('.str-chat__channel-header').textContent())
      .toContain('general');
    await a.getByRole('button', { name: 'Invite' }).click();
    await a.getByLabel('Email to invite').fill(grace.email);
    await a.getByRole('button', { name: 'Invite' }).click();
    await a.getByRole('button', { name: 'Invite' }).waitFor(); // the form closed: invited

    // Grace: the invitation's link, sign up, the verification link, accept.
    const g = await newPage();
    const typingSeen = typingEventsOn(g);
    await g.goto(await mailedLink(grace.email, '/register'));
    expect(await g.getByLabel('Email').inputValue()).toBe(grace.email);
    await g.getByLabel('Name').fill(grace.name);
    await g.getByLabel('Password').fill(PASSWORD);
    await g.getByRole('button', { name: 'Sign up' }).click();
    await g.getByText(`Confirm ${grace.email} first`).waitFor();
    await g.goto(await mailedLink(grace.email, '/verify-email'));
    await g.getByText('Your email is confirmed.').waitFor();
    await g.getByRole('link', { name: 'See your invitations' }).click();
    await g.getByRole('button', { name: 'Accept' }).click();
    await g.locator('.sidebar').getByText(grace.name).waitFor();

    // Ada adds Grace to the channel; it appears in Grace's list.
    await a.getByRole('button', { name: 'Add member' }).click();
    await a.getByLabel('Member to add').selectOption({ label: grace.name });
    await a.getByRole('button', { name: 'Add member' }).click();
    await g.locator('.str-chat__channel-list').getByText('general').click();

    // Typing, then the message, with Grace's name on it.
    const composer = (page: Page) => page.locator('.str-chat__main-panel textarea');
    await composer(g).pressSequentially('Hello Ada');
    await a.locator('.str-chat__channel-header').getByText(`${grace.name} is typing`).waitFor();
    await composer(g).press('Enter');
    await message(a, 'Hello Ada').waitFor();
    // Her name, not her id: on her avatar, and in what a screen reader reads out.
    await message(a, 'Hello Ada').getByTitle(grace.name).waitFor();
    expect(await message(a, 'Hello Ada').textContent()).toContain(`Message from ${grace.name}`);
    // Ada has the channel open, so she read it: Grace's message says so.
    await message(g, 'Hello Ada').getByTestId('message-status-read-by').waitFor();

    // Grace has the channel open: Ada's header (a two-member channel) says she is online.
    await expect
      .poll(() => a.locator('.str-chat__channel-header').textContent())
      .toContain('Online');

    // Ada answers.
    await composer(a).fill('Hi Grace');
    await composer(a).press('Enter');
    await message(g, 'Hi Grace').waitFor();
    // Grace has the channel open, so she read it: Ada's channel preview shows the read tick.
    // (The kit turns it back to "sent" on Ada's own thread reply below: examples/web/README.md.)
    await a
      .locator('.str-chat__channel-list')
      .locator('.str-chat__summarized-message-preview__delivery-status--read')
      .waitFor();
    // The kit keeps a typing indicator up for 2 s after the typing.stop (examples/web/README.md):
    // Ada's typing of "Hi Grace" clears from Grace's list only then.
    const typingInMain = (page: Page) =>
      page.locator('.str-chat__main-panel .str-chat__typing-indicator');
    await typingInMain(g).waitFor({ state: 'detached' });

    // A thread reply (Ada, on Grace's message) and a reaction (Grace, on Ada's).
    await message(a, 'Hello Ada').hover();
    await message(a, 'Hello Ada').getByTestId('thread-action').click();
    const thread = a.locator('.str-chat__thread');
    await thread.locator('textarea').fill('In a thread');
    await thread.locator('textarea').press('Enter');
    await thread.locator('.str-chat__message').filter({ hasText: 'In a thread' }).waitFor();
    // Grace's list shows the reply, which Stream sends after Ada's typing in the thread
    // (typing.start with the thread's parent_id): typing in a thread stays out of the main list.
    await message(g, 'Hello Ada').getByText('1 reply').waitFor();
    expect(typingSeen).toContainEqual(
      expect.objectContaining({ type: 'typing.start', parent_id: expect.any(String) }),
    );
    expect(await typingInMain(g).count()).toBe(0);
    await message(g, 'Hi Grace').hover();
    await message(g, 'Hi Grace').getByLabel('Open Reaction Selector').click();
    await g.getByLabel('Select Reaction: Heart').click();
    await message(a, 'Hi Grace').locator('.str-chat__message-reactions').waitFor();
    await g.keyboard.press('Escape');
    await g.getByTestId('reaction-selector').waitFor({ state: 'detached' });

    // The screenshot: both windows side by side.
    const [shotA, shotG] = await Promise.all([a.screenshot(), g.screenshot()]);
    const both = await newPage();
    await both.setViewportSize({ width: 2 * VIEWPORT.width, height: VIEWPORT.height });
    const img = (png: Buffer) => `<img src="data:image/png;base64,${png.toString('base64')}">`;
    await both.setContent(`<body style="margin:0;display:flex">${img(shotA)}${img(shotG)}</body>`);
    await both.screenshot({ path: `${SHOTS}/web-client.png` });

    // Grace reports Ada's message and blocks Ada, through our API.
    const menu = async () => {
      await message(g, 'Hi Grace').hover();
      await message(g, 'Hi Grace').getByTestId('message-actions-toggle-button').click();
    };
    g.once('dialog', (dialog) => void dialog.accept('spam'));
    await menu();
    await g.getByRole('menuitem', { name: 'Report' }).click();
    await g.getByTestId('notification').getByText('Reported to the moderators').waitFor();
    const reports = (await apiAs(a, '/moderation/reports')).reports as Array<{
      reason: string;
      message: { text: string };
      reporter: { name: string };
    }>;
    expect(reports).toContainEqual(
      expect.objectContaining({
        reason: 'spam',
        message: expect.objectContaining({ text: 'Hi Grace' }),
        reporter: expect.objectContaining({ name: grace.name }),
      }),
    );
    await menu();
    await g.getByRole('menuitem', { name: `Block ${ada.name}` }).click();
    await g.getByTestId('notification').getByText(`Blocked ${ada.name}`).waitFor();
    const { blocks } = (await apiAs(g, '/me/blocks')) as { blocks: Array<{ user_name: string }> };
    expect(blocks.map((b) => b.user_name)).toEqual([ada.name]);

    // A forgotten password: the mailed link's page sets a new one and signs in with it.
    await g.goto(`${web.url}/forgot-password`);
    await g.getByLabel('Email').fill(grace.email);
    await g.getByRole('button', { name: 'Mail me a link' }).click();
    await g.getByText('a link to reset its password is on its way').waitFor();
    await g.goto(await mailedLink(grace.email, '/reset-password'));
    await g.getByLabel('New password').fill('a new horse battery');
    await g.getByRole('button', { name: 'Save and sign in' }).click();
    await g.locator('.sidebar').getByText(grace.name).waitFor();

    // Nothing the kit or the SDK did on its own failed (delivery receipts, capabilities, …).
    expect(problems).toEqual([]);
  }, 90_000);
});
