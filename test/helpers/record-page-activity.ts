import type { Page } from 'playwright-core';

/** The requests, dialogs, console errors and uncaught errors of a page while a test watches it. */
export interface PageActivity {
  /** The URL of every request the page made, in order, file:// ones included. */
  readonly requests: string[];
  /** The message of every `alert`, `confirm`, `prompt` or `beforeunload` dialog. Each is dismissed. */
  readonly dialogs: string[];
  /** The text of every console message of type error. */
  readonly consoleErrors: string[];
  /** The message of every uncaught exception in the page. */
  readonly pageErrors: string[];
}

/**
 * Records what a page does from now on. Dialogs are dismissed, so a script that opens one
 * cannot block the test.
 *
 * @example
 * const activity = recordPageActivity(page);
 * await page.goto(url);
 * expect(activity.dialogs).toEqual([]);
 */
export function recordPageActivity(page: Page): PageActivity {
  const activity: PageActivity = { requests: [], dialogs: [], consoleErrors: [], pageErrors: [] };
  page.on('request', (request) => activity.requests.push(request.url()));
  page.on('dialog', (dialog) => {
    activity.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on('console', (message) => {
    if (message.type() === 'error') activity.consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => activity.pageErrors.push(error.message));
  return activity;
}
