import type { Page } from 'playwright-core';
import type { PageWindow } from './page-window.js';

/**
 * Waits until the results site has drawn its view: the main heading is there, and is `heading`
 * when given, and no data file is still loading (the site marks loading with `role="status"`).
 * After a click, pass the heading of the view it leads to: until the site re-renders, the old
 * view is still there and looks drawn. Throws, naming the page's URL, after `timeoutMs`.
 *
 * @example
 * await page.click('nav a:text-is("Families")');
 * await waitForView(page, { heading: 'Families × models' });
 */
export async function waitForView(
  page: Page,
  { heading, timeoutMs = 5_000 }: { heading?: string; timeoutMs?: number } = {},
): Promise<void> {
  try {
    await page.waitForFunction(
      (expected) => {
        const { document } = globalThis as unknown as PageWindow;
        const shown = document.querySelector('main h1');
        if (shown === null || (expected !== undefined && shown.textContent !== expected)) return false;
        return document.querySelector('main [role="status"]') === null;
      },
      heading,
      { timeout: timeoutMs },
    );
  } catch (error) {
    const expected = heading === undefined ? '' : ` with the heading "${heading}"`;
    throw new Error(`The results site did not finish drawing ${page.url()}${expected} within ${timeoutMs} ms.`, { cause: error });
  }
}
