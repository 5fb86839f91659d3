import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  chromiumMissingReason,
  launchChromium,
  openView,
  readFocus,
  waitForFocus,
  waitForView,
  type PageActivity,
  type PageElement,
} from '../helpers/index.js';
import { writeSiteFixture, type SiteFixture } from './site-fixture.js';

describe.skipIf(chromiumMissingReason !== undefined)(`results site cross-check ${chromiumMissingReason ?? ''}`, () => {
  let fixture: SiteFixture;
  let browser: Browser;
  let page: Page;
  let activity: PageActivity;

  beforeAll(async () => {
    [fixture, browser] = await Promise.all([writeSiteFixture(), launchChromium()]);
  });

  afterEach(async () => {
    await page?.close();
    expect(activity.pageErrors).toEqual([]);
    expect(activity.consoleErrors).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await fixture?.close();
  });

  const open = async (hash: string) => {
    ({ page, activity } = await openView(browser, `${fixture.siteUrl}${hash}`));
  };

  it('lists every flagged reply', async () => {
    const crossCheck = fixture.stats.crossCheck!;
    await open(`#/runs/${fixture.runId}/judges`);
    await waitForView(page, { heading: 'Judges' });

    expect(await page.getAttribute('section[data-cross-check]', 'data-cross-check')).toBe(String(crossCheck.flagged.length));
    const rows = await page.$$eval('tr[data-flag-scenario]', (elements: PageElement[]) =>
      elements.map((row) => ({
        model: row.getAttribute('data-flag-model'),
        scenarioId: row.getAttribute('data-flag-scenario'),
        level: Number(row.getAttribute('data-flag-level')),
      })),
    );
    expect(rows).toEqual(crossCheck.flagged.map(({ model, scenarioId, level }) => ({ model, scenarioId, level })));
    expect(rows.length).toBeGreaterThan(0);
  });

  it('links a flagged reply to its transcript', async () => {
    const [first] = fixture.stats.crossCheck!.flagged;
    await open(`#/runs/${fixture.runId}/judges`);
    await waitForView(page, { heading: 'Judges' });

    await page.click('tr[data-flag-scenario] a');
    await waitForView(page, { heading: `Transcript: ${first!.model}, ${first!.scenarioId}` });
    await waitForFocus(page, `level-${first!.level}-heading`);
    expect((await readFocus(page)).id).toBe(`level-${first!.level}-heading`);
    const labels = await page.$$eval(`li.turn[data-level="${first!.level}"] .verdict`, (verdicts: PageElement[]) =>
      verdicts.map((verdict) => verdict.getAttribute('data-label')),
    );
    expect(labels).toContain(first!.offlineLabel);
  });

  it('counts flagged replies on the leaderboard', async () => {
    await open(`#/runs/${fixture.runId}`);
    await waitForView(page, { heading: 'Leaderboard' });

    const note = page.locator('.cross-check-note');
    expect(await note.getAttribute('data-cross-check-flagged')).toBe(String(fixture.stats.crossCheck!.flagged.length));
    await note.locator('a').click();
    await waitForView(page, { heading: 'Judges' });
  });
});
