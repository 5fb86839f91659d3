import type { Page } from 'playwright-core';
import type { PageWindow } from './page-window.js';

/** The element that has the keyboard focus, as a test names it. */
export interface Focus {
  id: string;
  tagName: string;
  /** The element's text, trimmed; for a form control, the first `span` of its `label`, as the site writes labels. */
  name: string;
}

/**
 * Reads which element of the page has the keyboard focus.
 *
 * @example
 * await page.keyboard.press('Tab');
 * expect((await readFocus(page)).name).toBe('Skip to content');
 */
export function readFocus(page: Page): Promise<Focus> {
  return page.evaluate(() => {
    const { document } = globalThis as unknown as PageWindow;
    const element = document.activeElement ?? document.body;
    const isControl = ['SELECT', 'INPUT', 'TEXTAREA'].includes(element.tagName);
    const name = isControl ? element.closest('label')?.querySelector('span')?.textContent : element.textContent;
    return { id: element.id, tagName: element.tagName, name: (name ?? '').trim() };
  });
}
