/**
 * Debian's Chromium driven by playwright-core (`npx playwright install` cannot download
 * browsers here), with the flags that keep it headless, quiet and sandbox-free in CI.
 * Browser tests skip when it is not installed.
 */
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) {
  console.warn(
    `browser tests skipped: ${CHROMIUM} not found (install Debian's chromium; .ci/browser-deps does)`,
  );
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}
