/**
 * The parity scenarios (test/parity/index.ts) in Chromium: test/parity/browser-entry.ts bundled
 * with esbuild for browsers (so the SDK's browser build), loaded in a page on a local origin
 * (the emulator's CORS answers it), each scenario run in that page against a freshly reset
 * emulator. The server side of a scenario stays in Node: the page reaches it through
 * `parityServer`, which the runner exposes. Skips without Debian's Chromium (./chromium.ts).
 */
import { createServer, type Server } from 'node:http';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, it } from 'vitest';
import { browserBundle } from '../../local/browser-bundle';
import { type StreamEmulator, startStreamEmulator } from '../../local/stream/server';
import { answerBridgeCall, type BridgeCall } from '../parity/context';
import { SCENARIO_NAMES } from '../parity/index';
import { nodeServerBridge } from '../parity/server-bridge';
import { hasChromium, launchChromium } from './chromium';

const KEY = 'parity-key';
const SECRET = 'parity-secret-0123456789abcdef';

describe.skipIf(!hasChromium)('Stream parity scenarios (Chromium)', { timeout: 60_000 }, () => {
  let emulator: StreamEmulator;
  let site: Server;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  /** Requests the SDK made by itself to calls the emulator does not serve show up here. */
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    const [script, started] = await Promise.all([
      browserBundle({ file: 'test/parity/browser-entry.ts' }),
      startStreamEmulator({ apiKey: KEY, apiSecret: SECRET, port: 0 }),
    ]);
    emulator = started;
    site = createServer((req, res) => {
      if (req.url === '/scenarios.js') {
        res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
      } else {
        res
          .writeHead(200, { 'content-type': 'text/html' })
          .end('<!doctype html><script type="module" src="/scenarios.js"></script>');
      }
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    const { port } = site.address() as { port: number };
    browser = await launchChromium();
    page = await browser.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    const bridge = nodeServerBridge(emulator.url, KEY, SECRET);
    await page.exposeFunction('parityServer', (call: BridgeCall) => answerBridgeCall(bridge, call));
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.waitForFunction(() => 'runParityScenario' in globalThis);
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => site?.close(resolve));
    await emulator?.close();
  });

  beforeEach(async () => {
    pageErrors.length = 0;
    consoleErrors.length = 0;
    await fetch(`${emulator.url}/__control/reset`, { method: 'POST' });
  });

  it.each(SCENARIO_NAMES)('%s', async (name) => {
    await page.evaluate(
      ([scenario, options]) =>
        (
          globalThis as unknown as {
            runParityScenario(name: string, options: object): Promise<void>;
          }
        ).runParityScenario(scenario, options),
      [name, { baseURL: emulator.url, apiKey: KEY }] as const,
    );
    if (pageErrors.length > 0) throw new Error(`errors in the page: ${pageErrors.join('; ')}`);
    // A 501 is a call the emulator does not serve (a 404 is a missing user, channel or file);
    // scenarios about that error expect it.
    const unserved = consoleErrors.filter((text) => /status of 501/.test(text));
    if (unserved.length > 0 && !name.startsWith('notEmulated.')) {
      throw new Error(`requests the emulator does not serve: ${unserved.join('; ')}`);
    }
  });
});
