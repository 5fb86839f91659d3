import type { Browser, BrowserContext, Page } from 'playwright-core';
import { recordPageActivity, type PageActivity } from './record-page-activity.js';
import { waitForView } from './wait-for-view.js';

/**
 * Opens a URL of the results site in a new page, recording what the page does from the start,
 * and waits until the view is drawn. A new page for each view, because a second `goto` that
 * changes only the hash keeps the old view on screen until the site re-renders.
 *
 * @example
 * const { page, activity } = await openView(browser, `${siteUrl}#/runs/${runId}`);
 */
export async function openView(
  opener: Browser | BrowserContext,
  url: string,
  options: { heading?: string } = {},
): Promise<{ page: Page; activity: PageActivity }> {
  const page = await opener.newPage();
  const activity = recordPageActivity(page);
  await page.goto(url);
  await waitForView(page, options);
  return { page, activity };
}
