import type { Page } from 'playwright-core';
import type { PageWindow } from './page-window.js';

/**
 * Waits until the element with `id` has the keyboard focus. The site moves the focus in an effect
 * that runs after the view is drawn, so on a loaded machine it can land after `waitForView` returns.
 *
 * @example
 * await waitForFocus(page, 'level-3-heading');
 */
export async function waitForFocus(page: Page, id: string, { timeoutMs = 5_000 }: { timeoutMs?: number } = {}): Promise<void> {
  try {
    await page.waitForFunction((expected) => (globalThis as unknown as PageWindow).document.activeElement?.id === expected, id, {
      timeout: timeoutMs,
    });
  } catch (error) {
    throw new Error(`The focus did not reach #${id} on ${page.url()} within ${timeoutMs} ms.`, { cause: error });
  }
}
