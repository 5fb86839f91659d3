import type { Page } from 'playwright-core';

/**
 * Opens every closed `<details>` of the page by clicking its summary, as a reader would. The
 * content of a closed one is not rendered, so a test that measures or inspects it opens them first.
 */
export async function openEveryDetails(page: Page): Promise<void> {
  const closed = page.locator('details:not([open]) > summary');
  // Each click removes a summary from the list, so the first one is always the next to open.
  while ((await closed.count()) > 0) await closed.first().click();
}
