import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissingReason, launchChromium, openEveryDetails, openView, type PageElement, type PageWindow } from '../helpers/index.js';
import { writeSiteFixture, type SiteFixture } from './site-fixture.js';
import { payloadScenarioId } from './site-fixture-suite.js';

/** Every kind of view, with the hash that opens it and an element that only that view draws. */
const views = [
  { name: 'leaderboard', hash: (runId: string) => `#/runs/${runId}`, shows: 'table.leaderboard' },
  { name: 'families', hash: (runId: string) => `#/runs/${runId}/families`, shows: 'figure.chart' },
  { name: 'escalation', hash: (runId: string) => `#/runs/${runId}/escalation`, shows: 'figure.chart' },
  { name: 'scenarios', hash: (runId: string) => `#/runs/${runId}/scenarios`, shows: 'tr[data-scenario]' },
  { name: 'scenario', hash: (runId: string) => `#/runs/${runId}/scenarios/${payloadScenarioId}`, shows: 'table.outcome-grid' },
  // The untrusted markup contains long URLs without spaces, the hardest text to wrap.
  {
    name: 'transcript',
    hash: (runId: string) => `#/runs/${runId}/transcripts/${payloadScenarioId}/openai%3Aalpha/dystopian/1`,
    shows: 'li.turn',
  },
  { name: 'judges', hash: (runId: string) => `#/runs/${runId}/judges`, shows: 'tr[data-scenario]' },
  { name: 'compare list', hash: () => '#/compare', shows: '.pair-list' },
  // The site compares the older run against the newer one.
  { name: 'comparison', hash: () => '#/compare/site-fixture-stateful/site-fixture-stateless', shows: 'figure.chart' },
  { name: 'methodology', hash: () => '#/methodology', shows: 'article.prose table' },
  { name: 'page not found', hash: () => '#/no-such-page', shows: '.message-error' },
];

/** The views with charts: at 1280 px none of their charts may need to scroll. */
const chartViews = views.filter((view) => ['leaderboard', 'families', 'escalation', 'comparison'].includes(view.name));

describe.skipIf(chromiumMissingReason !== undefined)(`results site layout ${chromiumMissingReason ?? ''}`, () => {
  let fixture: SiteFixture;
  let browser: Browser;
  let narrow: BrowserContext;
  let wide: BrowserContext;

  beforeAll(async () => {
    [fixture, browser] = await Promise.all([writeSiteFixture({ secondRun: true }), launchChromium()]);
    narrow = await browser.newContext({ viewport: { width: 360, height: 800 } });
    wide = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  });

  afterAll(async () => {
    await browser?.close();
    await fixture?.close();
  });

  it.each(views)('fits the $name view into 360 px', async (view) => {
    const { page } = await openView(narrow, `${fixture.siteUrl}${view.hash(fixture.runId)}`);
    // Open every table and the reasoning, so that what they hold is measured too.
    await openEveryDetails(page);
    const scrollWidth = await page.evaluate(() => (globalThis as unknown as PageWindow).document.documentElement.scrollWidth);
    const overflowing = await findOverflowingElements(page);
    const outsideCharts = await findTextOutsideCharts(page);
    const drawn = await page.locator(view.shows).count();
    await page.close();

    expect(drawn).toBeGreaterThan(0);
    expect(scrollWidth).toBeLessThanOrEqual(360);
    expect(overflowing).toEqual([]);
    expect(outsideCharts).toEqual([]);
  });

  it('keeps the model column of a wide table in view', async () => {
    const { page } = await openView(narrow, `${fixture.siteUrl}#/runs/${fixture.runId}`);
    const box = page.locator('.table-scroll:has(table.leaderboard)');
    const before = await box.evaluate((element: PageElement) => {
      const { getComputedStyle } = globalThis as unknown as PageWindow;
      return { scrolls: element.scrollWidth > element.clientWidth, cue: getComputedStyle(element).backgroundImage };
    });
    await box.evaluate((element: PageElement) => ((element as unknown as { scrollLeft: number }).scrollLeft = 200));
    const offset = await box.evaluate((element: PageElement) => {
      const cell = element.querySelector('tbody th[scope="row"]')!;
      return cell.getBoundingClientRect().left - element.getBoundingClientRect().left;
    });
    await page.close();

    expect(before.scrolls).toBe(true);
    expect(before.cue).toContain('gradient');
    expect(Math.abs(offset)).toBeLessThan(1);
  });

  it.each(chartViews)('fits the $name charts into 1280 px', async (view) => {
    const { page } = await openView(wide, `${fixture.siteUrl}${view.hash(fixture.runId)}`);
    const scrolling = await page.$$eval('.chart-body', (bodies: PageElement[]) =>
      bodies.filter((body) => body.scrollWidth > body.clientWidth).map((body) => body.closest('figure')?.getAttribute('data-chart')),
    );
    const outsideCharts = await findTextOutsideCharts(page);
    const drawn = await page.locator(view.shows).count();
    await page.close();

    expect(drawn).toBeGreaterThan(0);
    expect(scrolling).toEqual([]);
    expect(outsideCharts).toEqual([]);
  });

  it('darkens the page in dark mode and keeps text readable', async () => {
    const colours: Record<string, { background: string; texts: Record<string, [string, string]> }> = {};
    for (const colorScheme of ['light', 'dark'] as const) {
      const context = await browser.newContext({ colorScheme });
      const { page } = await openView(context, `${fixture.siteUrl}#/runs/${fixture.runId}/scenarios/${payloadScenarioId}`);
      colours[colorScheme] = await readColours(page);
      await context.close();
    }

    expect(colours['dark']!.background).not.toBe(colours['light']!.background);
    expect(luminanceOf(colours['dark']!.background)).toBeLessThan(0.05);
    for (const scheme of ['light', 'dark']) {
      expect(Object.keys(colours[scheme]!.texts)).toHaveLength(textSelectors.length);
      for (const [selector, [text, background]] of Object.entries(colours[scheme]!.texts)) {
        // WCAG 2 level AA requires 4.5:1 between body text and its background.
        expect(contrastOf(text, background), `${selector} in ${scheme} mode`).toBeGreaterThanOrEqual(4.5);
      }
    }
  });
});

/**
 * Lists visible elements whose right edge passes the viewport, other than those inside a box
 * that scrolls on its own: a wide table or chart may scroll there, the page may not.
 */
function findOverflowingElements(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const { document, getComputedStyle } = globalThis as unknown as PageWindow;
    const viewport = document.documentElement.clientWidth;
    const scrollsOnItsOwn = (element: PageElement) => {
      for (let current = element.parentElement; current; current = current.parentElement) {
        const overflow = getComputedStyle(current).overflowX;
        if (overflow === 'auto' || overflow === 'scroll') return true;
      }
      return false;
    };
    const found: string[] = [];
    for (const element of document.body.querySelectorAll('*')) {
      const box = element.getBoundingClientRect();
      if (box.width === 0 || box.right <= viewport + 0.5 || scrollsOnItsOwn(element)) continue;
      found.push(`${element.tagName.toLowerCase()}.${element.getAttribute('class') ?? ''} ends at ${Math.round(box.right)} px`);
    }
    return found;
  });
}

/** Lists the text of each chart that reaches past its SVG's box, where it would be cut off. */
function findTextOutsideCharts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const { document } = globalThis as unknown as PageWindow;
    const found: string[] = [];
    for (const svg of document.querySelectorAll('.chart-body svg')) {
      const chart = svg.getBoundingClientRect();
      for (const text of svg.querySelectorAll('text')) {
        const box = text.getBoundingClientRect();
        if (box.width === 0) continue;
        if (box.left < chart.left - 0.5 || box.right > chart.right + 0.5 || box.top < chart.top - 0.5 || box.bottom > chart.bottom + 0.5) {
          const span = `${Math.round(box.left - chart.left)}–${Math.round(box.right - chart.left)}`;
          found.push(`"${text.textContent}" at ${span} of ${Math.round(chart.width)} px`);
        }
      }
    }
    return found;
  });
}

/** Kinds of text on the scenario page whose contrast the dark-mode test checks. */
const textSelectors = [
  'main p',
  'main h1',
  '.run-line',
  '.site-nav a',
  '.muted',
  'code',
  'a.outcome',
  '.outcome-refusal',
  '.data-table th',
];

/** Reads the body's background and, for each kind of text, its colour and the colour behind it. */
function readColours(page: Page): Promise<{ background: string; texts: Record<string, [string, string]> }> {
  return page.evaluate((selectors) => {
    const { document, getComputedStyle } = globalThis as unknown as PageWindow;
    // The first ancestor with a background colour is what the text is drawn on.
    const backgroundOf = (element: PageElement): string => {
      for (let current: PageElement | null = element; current; current = current.parentElement) {
        const colour = getComputedStyle(current).backgroundColor;
        if (colour !== 'rgba(0, 0, 0, 0)' && colour !== 'transparent') return colour;
      }
      return getComputedStyle(document.documentElement).backgroundColor;
    };
    const texts: Record<string, [string, string]> = {};
    for (const selector of selectors) {
      const element = document.querySelector(selector);
      if (element) texts[selector] = [getComputedStyle(element).color, backgroundOf(element)];
    }
    return { background: getComputedStyle(document.body).backgroundColor, texts };
  }, textSelectors);
}

/** Computes the WCAG 2 contrast ratio of two `rgb(…)` colours, from 1 to 21. */
function contrastOf(first: string, second: string): number {
  const [lighter, darker] = [luminanceOf(first), luminanceOf(second)].sort((a, b) => b - a);
  return (lighter! + 0.05) / (darker! + 0.05);
}

/** Computes the WCAG 2 relative luminance of an `rgb(…)` colour, from 0 for black to 1 for white. */
function luminanceOf(colour: string): number {
  const [red, green, blue] = colour
    .match(/[\d.]+/g)!
    .slice(0, 3)
    .map((value) => {
      const share = Number(value) / 255;
      return share <= 0.03928 ? share / 12.92 : ((share + 0.055) / 1.055) ** 2.4;
    });
  return 0.2126 * red! + 0.7152 * green! + 0.0722 * blue!;
}
