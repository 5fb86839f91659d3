/**
 * Writes the screenshots that the docs show, under docs/images/, from a site written by
 * `complicity report`. At 1280 px they are the leaderboard, the families heatmap, the escalation
 * chart and a transcript down to the end of one level; at 360 px, the leaderboard. All are in
 * light mode, and each ends at the bottom of the element it shows, so none ends mid-row.
 *
 * Usage: tsx site/dev/docs-screenshots.ts --site DIR --run RUN_ID --transcript SCENARIO/MODEL/TRACK/REPLICATE --level N [--out DIR]
 *
 * The images in the repository come from the three DystopiaBench result files imported into an
 * empty store, with `--run` the laguardia-basaglia run and `--transcript
 * basaglia-04/gemini-3.1-pro/dystopian/1 --level 1`, whose first reply is short enough to show whole.
 */
import { mkdir, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium, type Page } from 'playwright-core';

const { values } = parseArgs({
  options: {
    site: { type: 'string' },
    run: { type: 'string' },
    transcript: { type: 'string' },
    level: { type: 'string', default: '1' },
    out: { type: 'string', default: 'docs/images' },
    chromium: { type: 'string', default: '/usr/bin/chromium' },
  },
});
if (!values.site || !values.run || !values.transcript) {
  throw new Error('--site, --run or --transcript is missing: see the usage line at the top of this file.');
}

/** Images larger than this make the docs slow to load; the script warns about them. */
const maximumBytes = 400_000;
/** Space kept below the element an image shows, in CSS pixels. */
const margin = 16;

/** One image: the page, its width, and the element at whose bottom the image ends. */
interface Shot {
  file: string;
  hash: string;
  width: number;
  until: string;
}

const run = encodeURIComponent(values.run);
const transcript = values.transcript.split('/').map(encodeURIComponent).join('/');
const shots: Shot[] = [
  { file: 'reference-leaderboard.png', hash: `#/runs/${run}`, width: 1280, until: 'table.leaderboard' },
  { file: 'reference-heatmap.png', hash: `#/runs/${run}/families`, width: 1280, until: 'figure.chart' },
  { file: 'reference-escalation.png', hash: `#/runs/${run}/escalation`, width: 1280, until: 'figure.chart' },
  { file: 'reference-transcript.png', hash: `#/runs/${run}/transcripts/${transcript}`, width: 1280, until: `#level-${values.level}` },
  { file: 'reference-leaderboard-360.png', hash: `#/runs/${run}`, width: 360, until: 'figure.chart' },
];

async function main(): Promise<void> {
  const siteUrl = pathToFileURL(resolve(values.site!, 'index.html')).href;
  const outDir = resolve(values.out);
  await mkdir(outDir, { recursive: true });
  const browser = await chromium.launch({
    executablePath: values.chromium,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    for (const shot of shots) {
      const page = await browser.newPage({ viewport: { width: shot.width, height: 900 }, colorScheme: 'light' });
      await page.goto(`${siteUrl}${shot.hash}`);
      await page.waitForSelector(shot.until);
      const path = `${outDir}/${shot.file}`;
      await page.screenshot({ path, fullPage: true, clip: await clipOf(page, shot) });
      const { size } = await stat(path);
      console.log(`${path}: ${Math.round(size / 1000)} kB`);
      if (size > maximumBytes) console.warn(`  larger than ${maximumBytes / 1000} kB: choose a smaller element to show.`);
      await page.close();
    }
  } finally {
    await browser.close();
  }
}

/** Returns the part of the page from its top to the bottom of the shot's element, in page coordinates. */
async function clipOf(page: Page, shot: Shot): Promise<{ x: number; y: number; width: number; height: number }> {
  const box = await page.locator(shot.until).first().boundingBox();
  if (!box) throw new Error(`${shot.file}: ${shot.until} is not visible on ${shot.hash}.`);
  // The box is relative to the viewport, and the clip to the page.
  const scrolled = await page.evaluate(() => window.scrollY);
  return { x: 0, y: 0, width: shot.width, height: Math.ceil(box.y + box.height + scrolled + margin) };
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
