/**
 * Opens pages of a written site in headless Chromium, saves a full-page screenshot of each at
 * 1280 and 360 px wide in light and dark, and fails if a page logs an error or requests any URL
 * that is not `file:` or 127.0.0.1. For looking at the site while working on it; not shipped.
 *
 * Usage: tsx site/dev/screenshot-site.ts --site DIR [--out DIR] [--width 1280,360] [--scheme light,dark] ROUTE ...
 * where ROUTE is a hash route such as `#/runs/RUN/families`, and a name for the file may precede it: `families=#/runs/RUN/families`.
 */
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    site: { type: 'string' },
    out: { type: 'string', default: '/tmp/complicity-site-screenshots' },
    width: { type: 'string', default: '1280,360' },
    scheme: { type: 'string', default: 'light,dark' },
    chromium: { type: 'string', default: '/usr/bin/chromium' },
  },
});
if (!values.site) throw new Error('--site is missing: give the folder that complicity report wrote.');
const siteUrl = pathToFileURL(resolve(values.site, 'index.html')).href;
const outDir = resolve(values.out);
const widths = values.width.split(',').map(Number);
const schemes = values.scheme.split(',') as ('light' | 'dark')[];
const routes = (positionals.length > 0 ? positionals : ['leaderboard=#/']).map((entry, index) => {
  const [name, route] = entry.includes('=') ? (entry.split(/=(.*)/s, 2) as [string, string]) : [`page-${index + 1}`, entry];
  return { name, route };
});

const allowedRequest = (url: string) =>
  url.startsWith('file:') || url.startsWith('data:') || url.startsWith('blob:') || /^https?:\/\/127\.0\.0\.1[:/]/.test(url);

async function main(): Promise<void> {
  await mkdir(outDir, { recursive: true });
  const browser = await chromium.launch({
    executablePath: values.chromium,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const problems: string[] = [];
  try {
    for (const scheme of schemes) {
      for (const width of widths) {
        const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme: scheme });
        const page = await context.newPage();
        page.on('request', (request) => {
          if (!allowedRequest(request.url())) problems.push(`request to ${request.url()}`);
        });
        page.on('console', (message) => {
          if (message.type() === 'error' || message.type() === 'warning') problems.push(`console ${message.type()}: ${message.text()}`);
        });
        page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
        page.on('dialog', (dialog) => {
          problems.push(`dialog: ${dialog.message()}`);
          void dialog.dismiss();
        });
        for (const { name, route } of routes) {
          const started = performance.now();
          await page.goto(`${siteUrl}${route}`);
          await page.waitForFunction(
            () => document.querySelector('main [role="status"]') === null && document.querySelector('main h1') !== null,
            undefined,
            {
              timeout: 15_000,
            },
          );
          const elapsed = Math.round(performance.now() - started);
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
          if (overflow > 0) problems.push(`${name} at ${width} px ${scheme}: the page scrolls sideways by ${overflow} px`);
          const path = `${outDir}/${name}-${width}-${scheme}.png`;
          await page.screenshot({ path, fullPage: true });
          console.log(`${path} (${elapsed} ms)`);
        }
        await context.close();
      }
    }
  } finally {
    await browser.close();
  }
  if (problems.length > 0) {
    console.error(`Problems:\n${[...new Set(problems)].map((problem) => `  ${problem}`).join('\n')}`);
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
