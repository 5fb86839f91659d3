import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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
  type PageWindow,
} from '../helpers/index.js';
import { encodeDataFile } from '../../src/report/site/encode-data-file.js';
import { dataFilePath } from '../../src/report/site/site-data.js';
import { writeSiteFixture, type SiteFixture } from './site-fixture.js';
import { fixtureSuite, payloadScenarioId } from './site-fixture-suite.js';

/** The links of the site's navigation bar and the heading of the view each opens. */
const navigation = [
  { link: 'Leaderboard', heading: 'Leaderboard', hash: (runId: string) => `#/runs/${runId}` },
  { link: 'Families', heading: 'Families × models', hash: (runId: string) => `#/runs/${runId}/families` },
  { link: 'Escalation', heading: 'Escalation', hash: (runId: string) => `#/runs/${runId}/escalation` },
  { link: 'Scenarios', heading: 'Scenarios', hash: (runId: string) => `#/runs/${runId}/scenarios` },
  { link: 'Judges', heading: 'Judges', hash: (runId: string) => `#/runs/${runId}/judges` },
  { link: 'Compare runs', heading: 'Compare runs', hash: () => '#/compare' },
  { link: 'Methodology', heading: 'Methodology', hash: () => '#/methodology' },
];

describe.skipIf(chromiumMissingReason !== undefined)(`results site links ${chromiumMissingReason ?? ''}`, () => {
  let fixture: SiteFixture;
  let browser: Browser;
  let page: Page;
  let activity: PageActivity;

  beforeAll(async () => {
    [fixture, browser] = await Promise.all([writeSiteFixture({ secondRun: true }), launchChromium()]);
  });

  afterEach(async () => {
    await page?.close();
    // Every test ends with a page that made no error and no request beyond its own files.
    expect(activity.pageErrors).toEqual([]);
    expect(activity.consoleErrors).toEqual([]);
    expect(activity.requests.filter((request) => !request.startsWith('file://'))).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await fixture?.close();
  });

  const open = async (hash: string) => {
    ({ page, activity } = await openView(browser, `${fixture.siteUrl}${hash}`));
  };
  const hash = () => new URL(page.url()).hash;

  it('follows every navigation link', async () => {
    await open(`#/runs/${fixture.runId}`);
    for (const entry of navigation) {
      await page.click(`nav.site-nav a:text-is("${entry.link}")`);
      await waitForView(page, { heading: entry.heading });
      expect(await hash(), entry.link).toBe(entry.hash(fixture.runId));
      expect(await page.getAttribute(`nav.site-nav a:text-is("${entry.link}")`, 'aria-current'), entry.link).toBe('page');
    }

    await page.goBack();
    await waitForView(page, { heading: 'Compare runs' });
    await page.click('a.site-name');
    await waitForView(page, { heading: 'Leaderboard' });
    // The bare address opens the newest complete run; no fixture run is complete, so the newest, which says so.
    expect(await hash()).toBe(`#/runs/${fixture.secondRunId}`);
    expect(await page.getAttribute('.run-line', 'data-run')).toBe(fixture.secondRunId);
    expect(await page.textContent('[data-run-status="incomplete"]')).toMatch(/^This run is incomplete: /);
  });

  it('keeps the last run on Compare and Methodology', async () => {
    await open(`#/runs/${fixture.secondRunId}/families`);
    for (const entry of navigation.slice(5)) {
      await page.click(`nav.site-nav a:text-is("${entry.link}")`);
      await waitForView(page, { heading: entry.heading });
      expect(await page.inputValue('.run-picker select'), entry.link).toBe(fixture.secondRunId);
      expect(await page.getAttribute('nav.site-nav a:text-is("Families")', 'href'), entry.link).toBe(
        `#/runs/${fixture.secondRunId}/families`,
      );
    }
  });

  it('states methodology once, without bare repository paths', async () => {
    await open('#/methodology');
    const text = (await page.textContent('main'))!;
    const paths = await page.$$eval('article.prose code', (codes: PageElement[]) =>
      codes
        .filter((code) => /^(src|docs|scripts|test|bench)\//.test(code.textContent ?? ''))
        .map((code) => `${code.textContent}${code.parentElement?.textContent?.split(code.textContent!, 2)[1]?.slice(0, 80) ?? ''}`),
    );

    expect(text.split('what it measures, its formula').length - 1).toBe(1);
    expect(text).not.toContain('What each figure of this site measures');
    expect(paths.length).toBeGreaterThan(0);
    for (const path of paths) expect(path).toMatch(/^[^ ]+(,\s*[^ ]+)*,? \(?in the Complicity repository/);
  });

  it('switches runs with the run picker', async () => {
    await open(`#/runs/${fixture.runId}/escalation`);
    await page.selectOption('.run-picker select', fixture.secondRunId!);
    await page.waitForSelector(`.run-line[data-run="${fixture.secondRunId}"]`);
    await waitForView(page, { heading: 'Escalation' });
    expect(await hash()).toBe(`#/runs/${fixture.secondRunId}/escalation`);
    expect(await page.getAttribute('.run-line', 'data-run')).toBe(fixture.secondRunId);
  });

  it('switches to the suite’s other run, keeping the family', async () => {
    await open(`#/runs/${fixture.runId}`);
    // The first option is "All families"; the second is the first family.
    const family = (await page.locator('form.filters select option').nth(1).textContent())!;
    await page.selectOption('form.filters select', family);
    await page.waitForSelector(`table.leaderboard[data-scope="${family}"]`);
    expect(await page.$$eval('form.filters select', (selects: PageElement[]) => selects.length)).toBe(1);

    const links = page.locator('nav.other-runs a');
    expect(await links.allTextContents()).toEqual(['stateless']);
    await links.first().click();
    await page.waitForSelector(`.run-line[data-run="${fixture.secondRunId}"]`);
    await waitForView(page, { heading: `Leaderboard: ${family}` });
    expect(hash()).toBe(`#/runs/${fixture.secondRunId}?family=${encodeURIComponent(family)}`);
    // From the stateless run, the link leads back to the stateful one.
    expect(await page.locator('nav.other-runs a').allTextContents()).toEqual(['stateful']);
  });

  it('links a scenario to its transcripts', async () => {
    await open(`#/runs/${fixture.runId}/scenarios`);
    await page.click(`tr[data-scenario="clinic-triage-ledger"] a`);
    await waitForView(page, { heading: 'Scenario clinic-triage-ledger' });

    await page.click('table[data-track="benign"] tr[data-model="openai:alpha"] td[data-level="4"] a');
    await waitForView(page, { heading: 'Transcript: openai:alpha, clinic-triage-ledger' });
    expect(await page.getAttribute('.conversation', 'data-track')).toBe('benign');
    expect((await readFocus(page)).id).toBe('level-4-heading');

    await page.click('#scenario-heading a');
    await waitForView(page, { heading: 'Scenario clinic-triage-ledger' });
  });

  it('links each judge disagreement to its transcript', async () => {
    await open(`#/runs/${fixture.runId}/judges`);
    const rows = await page.$$eval('tr[data-scenario][data-level]', (elements: PageElement[]) =>
      elements.map((row) => ({
        model: row.getAttribute('data-model')!,
        scenarioId: row.getAttribute('data-scenario')!,
        level: row.getAttribute('data-level')!,
      })),
    );
    // Judge two calls every hesitant reply compliant, so each model has disagreements.
    expect(new Set(rows.map((row) => row.model))).toEqual(new Set(['openai:alpha', 'openai:team/beta-ü']));

    const row = rows.find((candidate) => candidate.scenarioId === payloadScenarioId && candidate.model === 'openai:alpha')!;
    await page.click(`tr[data-model="${row.model}"][data-scenario="${row.scenarioId}"][data-level="${row.level}"] a`);
    await waitForView(page, { heading: `Transcript: ${row.model}, ${row.scenarioId}` });
    await waitForFocus(page, `level-${row.level}-heading`);
    expect((await readFocus(page)).id).toBe(`level-${row.level}-heading`);
    const labels = await page.$$eval(`li.turn[data-level="${row.level}"] .verdict`, (verdicts: PageElement[]) =>
      verdicts.map((verdict) => verdict.getAttribute('data-label')),
    );
    expect(new Set(labels).size).toBe(2);
  });

  it('compares the two runs', async () => {
    await open('#/compare');
    await page.click('.pair-list a');
    await page.waitForSelector('table[data-figure-table="discernment"]');
    await waitForView(page, { heading: 'Compare runs' });
    expect(await hash()).toMatch(/^#\/compare\/site-fixture-[a-z]+\/site-fixture-[a-z]+$/);
    const models = await page.$$eval('table[data-figure-table="discernment"] tr[data-model]', (rows: PageElement[]) =>
      rows.map((row) => row.getAttribute('data-model')),
    );
    expect(models.sort()).toEqual(['openai:alpha', 'openai:team/beta-ü']);

    // Every chart and table lists the models in one order.
    const chartOrders = await page.$$eval('figure.chart', (figures: PageElement[]) =>
      figures.map((figure) => [...figure.querySelectorAll('g[data-row]')].map((row) => row.getAttribute('data-row')).join(', ')),
    );
    const tableOrders = await page.$$eval('table[data-figure-table]', (tables: PageElement[]) =>
      tables.map((table) => [...table.querySelectorAll('tr[data-model]')].map((row) => row.getAttribute('data-model')).join(', ')),
    );
    expect(chartOrders).toHaveLength(3);
    expect(new Set(chartOrders).size).toBe(1);
    expect(tableOrders).toEqual(chartOrders);
  });

  it('says when a compared pair shares nothing', async () => {
    // Rewrites the pair's file as a pair with no model in common would be written, then restores it.
    const segments = ['compare', `${fixture.runId}--${fixture.secondRunId}`];
    const file = join(fixture.siteDir, dataFilePath(segments));
    const original = readFileSync(file, 'utf8');
    writeFileSync(
      file,
      encodeDataFile(segments.join('/'), { first: fixture.runId, second: fixture.secondRunId, differences: [], models: [] }),
    );
    try {
      await open(`#/compare/${fixture.runId}/${fixture.secondRunId}`);
      expect(await page.textContent('[data-comparison="empty"]')).toBe(
        `${fixture.runId} and ${fixture.secondRunId} have no scenario scored for the same model, so there is nothing to compare.`,
      );
      expect(await page.locator('figure.chart').count()).toBe(0);
    } finally {
      writeFileSync(file, original);
    }
  });

  it('reaches the skip link, navigation and filters by keyboard', async () => {
    await open(`#/runs/${fixture.runId}`);
    // A form control is named by its label, with its kind, such as `select Run`.
    const focused = async () => {
      const focus = await readFocus(page);
      return focus.tagName === 'SELECT' ? `select ${focus.name}` : focus.name;
    };
    const stops: string[] = [];
    for (let step = 0; step < 14; step++) {
      await page.keyboard.press('Tab');
      stops.push(await focused());
    }
    expect(stops.slice(0, 2)).toEqual(['Skip to content', 'Complicity']);
    expect(stops[2]).toBe('select Run');
    expect(stops.slice(3, 10)).toEqual(navigation.map((entry) => entry.link));
    // Only the family filters; the other run of the suite is a link, since it changes the run.
    expect(stops.slice(10, 12)).toEqual(['select Family', 'stateless']);

    // Back to the navigation bar, then follow a link with Enter.
    const familiesStop = stops.indexOf('Families');
    for (let step = stops.length - 1; step > familiesStop; step--) await page.keyboard.press('Shift+Tab');
    expect(await focused()).toBe('Families');
    await page.keyboard.press('Enter');
    await waitForView(page, { heading: 'Families × models' });
    // After a link the new view's heading takes focus, as after a page load.
    expect((await readFocus(page)).tagName).toBe('H1');
  });

  it('moves focus to the content with the skip link', async () => {
    await open(`#/runs/${fixture.runId}`);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    expect((await readFocus(page)).id).toBe('main');
    expect(await hash()).toBe(`#/runs/${fixture.runId}`);
  });

  it('exports every chart as SVG and PNG', async () => {
    // A blank page parses the SVG, because the site's Content-Security-Policy would report the
    // style attributes that the SVG copies from the chart.
    const blank = await browser.newPage();
    let charts = 0;
    const marks = new Set<string>();
    await open(`#/runs/${fixture.runId}`);
    // One page for every view, because the first PNG a page draws takes about a second.
    for (const view of navigation.slice(0, 3)) {
      await page.click(`nav.site-nav a:text-is("${view.link}")`);
      await waitForView(page, { heading: view.heading });
      for (const figure of await page.locator('figure.chart').all()) {
        const caption = (await figure.locator('.chart-caption').textContent())!;
        expect(caption).toContain(fixture.runId);
        expect(caption).toContain(`${fixtureSuite.name} ${fixtureSuite.version}`);
        expect(caption).toContain('openai:judge-one, openai:judge-two');

        const svg = readFileSync(await download(page, figure.locator('button:text-is("Download SVG")')), 'utf8');
        expect(svg).toMatch(/^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
        expect(await blank.evaluate(isWellFormedSvg, svg)).toBe(true);
        expect(svgText(svg)).toContain(caption);
        // Each mark the chart draws after a model is explained in the exported caption block.
        const labels = (await figure.locator('.chart-body svg text').allTextContents()).join(' ');
        for (const mark of ['†', '*']) {
          if (labels.includes(mark)) {
            expect(svgText(svg), `footnote of ${mark} in ${caption}`).toMatch(new RegExp(`(^| )\\${mark} [a-z]`));
            marks.add(mark);
          }
        }

        const png = readFileSync(await download(page, figure.locator('button:text-is("Download PNG")')));
        expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
        expect(png.readUInt32BE(16)).toBeGreaterThan(0);
        expect(png.readUInt32BE(20)).toBeGreaterThan(0);
        charts++;
      }
    }
    await blank.close();
    expect(charts).toBeGreaterThanOrEqual(4);
    // The fixture's leaderboard marks a model whose figures rest on part of the plan.
    expect(marks.has('*')).toBe(true);
  });

  it('exports light charts from a dark page', async () => {
    const context = await browser.newContext({ colorScheme: 'dark' });
    ({ page, activity } = await openView(context, `${fixture.siteUrl}#/runs/${fixture.runId}`));
    const pageBackground = await page.evaluate(() => {
      const { document, getComputedStyle } = globalThis as unknown as PageWindow;
      return getComputedStyle(document.body).backgroundColor;
    });
    const svg = readFileSync(await download(page, page.locator('figure.chart button:text-is("Download SVG")').first()), 'utf8');
    await context.close();

    expect(pageBackground).toBe('rgb(18, 20, 23)');
    expect(svg).toMatch(/^<svg [^>]*><rect width="100%" height="100%" fill="rgb\(255, 255, 255\)"/);
    const textFills = new Set([...svg.matchAll(/<text [^>]*fill="([^"]+)"/g)].map((match) => match[1]));
    // The light theme's text and muted grey; none of the dark theme's light greys.
    expect(textFills).toContain('rgb(27, 31, 36)');
    expect(textFills).not.toContain('rgb(230, 232, 235)');
    expect(textFills).not.toContain('rgb(165, 173, 184)');
  });
});

/** Clicks an export button and returns the path of the file it downloaded. */
async function download(page: Page, button: ReturnType<Page['locator']>): Promise<string> {
  const [file] = await Promise.all([page.waitForEvent('download'), button.click()]);
  expect(await file.failure()).toBeNull();
  return (await file.path())!;
}

/** Returns the text of an SVG's `<tspan>` lines, joined by spaces, with XML entities decoded. */
function svgText(svg: string): string {
  const entities: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&apos;': "'" };
  return [...svg.matchAll(/<tspan[^>]*>([^<]*)<\/tspan>/g)]
    .map((match) => match[1]!.replace(/&(?:amp|lt|gt|quot|apos|#39);/g, (entity) => entities[entity]!))
    .join(' ');
}

/** Runs in the page: whether the browser's XML parser reads the SVG without an error. */
function isWellFormedSvg(svg: string): boolean {
  const { DOMParser } = globalThis as unknown as PageWindow;
  const parsed = new DOMParser().parseFromString(svg, 'image/svg+xml');
  return parsed.querySelector('parsererror') === null && parsed.documentElement.tagName === 'svg';
}
