import { accessSync, constants } from 'node:fs';
import type { Browser } from 'playwright-core';

/** The Chromium the browser tests drive: Debian's package, which CI installs. */
export const chromiumPath = '/usr/bin/chromium';

/**
 * Why the browser tests cannot run here, or undefined when they can. Pass it to
 * `describe.skipIf` so that a skipped suite names what is missing.
 */
export const chromiumMissingReason: string | undefined = findMissingReason();

function findMissingReason(): string | undefined {
  try {
    accessSync(chromiumPath, constants.X_OK);
    return undefined;
  } catch {
    return `${chromiumPath} is missing or not executable, so the browser tests are skipped. Install it with: apt-get install chromium`;
  }
}

/**
 * Launches headless Chromium with no network of its own: background requests are off, so
 * every request a test records comes from the page under test.
 *
 * @example
 * const browser = await launchChromium();
 * afterAll(() => browser.close());
 */
export async function launchChromium(): Promise<Browser> {
  // Imported here, so test files that only load the other helpers do not pay for playwright-core.
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}
