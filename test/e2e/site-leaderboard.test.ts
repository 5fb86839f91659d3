import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunStats } from '../../src/report/index.js';
import { chromiumMissingReason, launchChromium, openView, type PageElement } from '../helpers/index.js';
import { viridisColour } from '../../site/src/charts/colour-scale.js';
import { writeSiteFixture, type SiteFixture } from './site-fixture.js';

type Estimate = RunStats['estimates'][number]['discernment'];

/** One figure cell as the page shows it: its `data-*` numbers and its visible text. */
interface ShownFigure {
  value: string | null;
  low: string | null;
  high: string | null;
  n: string | null;
  scored: string | null;
  planned: string | null;
  text: string;
}

describe.skipIf(chromiumMissingReason !== undefined)(`results site leaderboard ${chromiumMissingReason ?? ''}`, () => {
  let fixture: SiteFixture;
  let browser: Browser;

  beforeAll(async () => {
    [fixture, browser] = await Promise.all([writeSiteFixture(), launchChromium()]);
  });

  afterAll(async () => {
    await browser?.close();
    await fixture?.close();
  });

  it('colours both heatmaps dark at the safe end', async () => {
    const figures = [
      { figure: 'meanDcs', hash: 'families', share: (value: number) => value / 100, safeEnd: 'refusal (safer)' },
      {
        figure: 'refusalRate',
        hash: 'families?figure=refusalRate',
        share: (value: number) => 1 - value,
        safeEnd: 'always refused (safer)',
      },
    ] as const;
    for (const { figure, hash, share, safeEnd } of figures) {
      const { page } = await openView(browser, `${fixture.siteUrl}#/runs/${fixture.runId}/${hash}`);
      const fills = await page.$$eval('g[data-row][data-column]', (cells: PageElement[]) =>
        cells.map((cell): [string, string | null | undefined] => [
          `${cell.getAttribute('data-row')} ${cell.getAttribute('data-column')}`,
          cell.querySelector('rect')?.getAttribute('fill'),
        ]),
      );
      const legend = await page.locator('figure.chart svg > g text').allTextContents();
      await page.close();

      const fillOf = new Map(fills);
      let coloured = 0;
      for (const model of fixture.stats.estimates) {
        for (const entry of model.byFamily) {
          const value = entry[figure].value;
          if (value === null) continue;
          expect(fillOf.get(`${model.model} ${entry.family}`), `${figure} ${model.model} ${entry.family}`).toBe(
            viridisColour(share(value)),
          );
          coloured++;
        }
      }
      expect(coloured).toBeGreaterThan(0);
      // The legend's left label sits under the dark end of the gradient.
      expect(legend.at(-2), figure).toBe(safeEnd);
    }
  });

  it('shows the figures of stats --json', async () => {
    const { page } = await openView(browser, `${fixture.siteUrl}#/runs/${fixture.runId}`);
    const shown = await readLeaderboard(page);
    await page.close();

    expect(Object.keys(shown).sort()).toEqual(fixture.stats.estimates.map((row) => row.model).sort());
    for (const estimates of fixture.stats.estimates) {
      const row = shown[estimates.model]!;
      expectFigure(row['discernment'], estimates.discernment, 'score');
      expectFigure(row['meanDcs'], estimates.meanDcs, 'score');
      expectFigure(row['refusalRate'], estimates.refusalRate, 'rate');
      expectFigure(row['overRefusalRate'], estimates.overRefusalRate, 'rate');

      const counts = fixture.stats.models.find((model) => model.model === estimates.model)!;
      const scored = counts.dystopian.scored + counts.benign.scored;
      const planned = counts.dystopian.planned + counts.benign.planned;
      expect(row['coverage']!.scored).toBe(String(scored));
      expect(row['coverage']!.planned).toBe(String(planned));
      expect(row['coverage']!.text).toBe(`${scored}/${planned} (${((100 * scored) / planned).toFixed(1)}%)`);

      const rank = fixture.stats.comparisons.ranks.find((entry) => entry.model === estimates.model)!;
      expect(row['rank']!.value).toBe(String(rank.rank));
      expect(row['rank']!.low).toBe(String(rank.low));
      expect(row['rank']!.high).toBe(String(rank.high));
    }
  });

  it('shows the tokens of stats --json', async () => {
    const { page } = await openView(browser, `${fixture.siteUrl}#/runs/${fixture.runId}`);
    const rows = await page.$$eval('table[data-usage] tbody tr', (trs) =>
      trs.map((tr) => [...tr.querySelectorAll('th code, td')].map((cell) => cell.textContent ?? '')),
    );
    await page.close();

    const { usage } = fixture.stats;
    const expected = [...usage.models, ...usage.judges].map((row) => [
      row.spec,
      String(row.calls),
      String(row.reused),
      String(row.inputTokens),
      String(row.cachedInputTokens),
      String(row.outputTokens),
      String(row.reasoningTokens),
    ]);
    expect(rows.map((cells) => cells.slice(0, 7))).toEqual(expected);
    expect(rows.length).toBeGreaterThan(0);
  });

  it('leaves part of one model unscored', () => {
    // The fixture fails turns on purpose, so coverage below 1 is part of what the numbers above prove.
    const beta = fixture.stats.models.find((model) => model.model === 'openai:team/beta-ü')!;
    expect(beta.dystopian.scored).toBeLessThan(beta.dystopian.planned);
    expect(beta.dystopian.byStatus.error).toBe(1);
    expect(beta.dystopian.byStatus.blocked).toBe(1);
  });

  it('writes each family in the heatmap as stats does', async () => {
    const { page } = await openView(browser, `${fixture.siteUrl}#/runs/${fixture.runId}/families`);
    const cells = await page.$$eval('td[data-figure="meanDcs"][data-family]', (elements: PageElement[]) =>
      elements.map((cell) => ({
        model: cell.closest('tr')!.getAttribute('data-model')!,
        family: cell.getAttribute('data-family')!,
        value: cell.getAttribute('data-value'),
        low: cell.getAttribute('data-low'),
        high: cell.getAttribute('data-high'),
      })),
    );
    const expected = fixture.stats.estimates.flatMap((row) =>
      row.byFamily.map((entry) => ({
        model: row.model,
        family: entry.family,
        value: String(entry.meanDcs.value),
        low: String(entry.meanDcs.low),
        high: String(entry.meanDcs.high),
      })),
    );
    expect(sortCells(cells)).toEqual(sortCells(expected));

    const heatmapValues = await page.$$eval('svg g[data-row][data-column] .heat-value', (elements: PageElement[]) =>
      elements.map(
        (text) => `${text.closest('g')!.getAttribute('data-row')} ${text.closest('g')!.getAttribute('data-column')} ${text.textContent}`,
      ),
    );
    await page.close();
    const expectedValues = expected.map((cell) => `${cell.model} ${cell.family} ${oneDecimal(Number(cell.value))}`);
    expect(heatmapValues.sort()).toEqual(expectedValues.sort());
  });

  it('loads only the index and the run summary', async () => {
    const { page, activity } = await openView(browser, `${fixture.siteUrl}#/runs/${fixture.runId}`);
    await page.close();

    const siteFolder = fixture.siteUrl.replace(/index\.html$/, '');
    const files = activity.requests.map((url) => url.replace(siteFolder, ''));
    expect(files.filter((file) => file.startsWith('data/')).sort()).toEqual(['data/index.js', `data/runs/${fixture.runId}/summary.js`]);
    expect(files.filter((file) => !file.startsWith('data/')).sort()).toEqual(['app.css', 'app.js', 'index.html']);
    expect(activity.consoleErrors).toEqual([]);
    expect(activity.pageErrors).toEqual([]);
  });
});

async function readLeaderboard(page: Page): Promise<Record<string, Record<string, ShownFigure>>> {
  return page.$$eval('table.leaderboard tbody tr[data-model]', (rows: PageElement[]) =>
    Object.fromEntries(
      rows.map((row) => {
        const figures = [...row.querySelectorAll('td[data-figure]')].map((cell) => [
          cell.getAttribute('data-figure')!,
          {
            value: cell.getAttribute('data-value'),
            low: cell.getAttribute('data-low'),
            high: cell.getAttribute('data-high'),
            n: cell.getAttribute('data-n'),
            scored: cell.getAttribute('data-scored'),
            planned: cell.getAttribute('data-planned'),
            text: (cell.textContent ?? '').trim(),
          },
        ]);
        return [row.getAttribute('data-model')!, Object.fromEntries(figures)];
      }),
    ),
  );
}

/** Checks the exact numbers in the cell's attributes and the rounded ones on screen. */
function expectFigure(shown: ShownFigure | undefined, estimate: Estimate, kind: 'score' | 'rate'): void {
  expect(shown).toBeDefined();
  expect(shown!.value).toBe(String(estimate.value));
  expect(shown!.low).toBe(String(estimate.low));
  expect(shown!.high).toBe(String(estimate.high));
  expect(shown!.n).toBe(String(estimate.n));

  const scale = kind === 'rate' ? 100 : 1;
  const unit = kind === 'rate' ? '%' : '';
  const value = `${oneDecimal(estimate.value! * scale)}${unit}`;
  const interval = `[${oneDecimal(estimate.low! * scale)}, ${oneDecimal(estimate.high! * scale)}]`;
  expect(shown!.text).toBe(`${value} ${interval}`);
}

/** Formats a number to one decimal as the site does: a typographic minus, and no sign on zero. */
function oneDecimal(value: number): string {
  const text = value.toFixed(1);
  return text === '-0.0' ? '0.0' : text.replace(/^-/, '\u2212');
}

function sortCells<Cell extends { model: string; family: string }>(cells: Cell[]): Cell[] {
  return [...cells].sort((a, b) => `${a.model} ${a.family}`.localeCompare(`${b.model} ${b.family}`));
}
