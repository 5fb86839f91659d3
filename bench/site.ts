// Times `complicity report` on a generated store (100,000 turns by default) and the first render
// of its leaderboard in headless Chromium, and sizes what each is made of.
// Run with: npm run bench:site [-- --turns 100000 --runs 4 --models 10 --renders 5 --store PATH]
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    turns: { type: 'string', default: '100000' },
    runs: { type: 'string', default: '4' },
    models: { type: 'string', default: '10' },
    renders: { type: 'string', default: '5' },
    store: { type: 'string' },
    chromium: { type: 'string', default: '/usr/bin/chromium' },
  },
});

const workDir = mkdtempSync(join(tmpdir(), 'complicity-bench-site-'));
const storePath = values.store ? resolve(values.store) : join(workDir, 'generated.db');
const siteDir = join(workDir, 'site');

/** Runs `complicity report` in its own process and returns its wall time and peak resident memory. */
async function timeReport(): Promise<{ seconds: number; peakMb: number }> {
  // A preloaded module reports the process's own peak memory, threads included, as it exits.
  const usageFile = join(workDir, 'usage.json');
  const preload = `data:text/javascript,${encodeURIComponent(
    `import { writeFileSync } from 'node:fs'; process.on('exit', () => writeFileSync(${JSON.stringify(usageFile)}, JSON.stringify(process.resourceUsage())));`,
  )}`;
  const started = performance.now();
  await runProcess(process.execPath, ['--import', preload, join(root, 'bin/complicity.js'), 'report', '--db', storePath, '--out', siteDir]);
  const seconds = (performance.now() - started) / 1000;
  const usage = JSON.parse(readFileSync(usageFile, 'utf8')) as { maxRSS: number };
  return { seconds, peakMb: usage.maxRSS / 1024 };
}

/** Sizes the whole site and its largest transcript file. */
function measureSite(): { totalBytes: number; files: number; largestTranscriptBytes: number } {
  const files = listFiles(siteDir);
  return {
    totalBytes: sumSizes(files),
    files: files.length,
    largestTranscriptBytes: Math.max(...files.filter((path) => path.includes('/transcripts/')).map((path) => statSync(path).size)),
  };
}

function sumSizes(paths: readonly string[]): number {
  return paths.reduce((sum, path) => sum + statSync(path).size, 0);
}

/**
 * Page script that records, in `window.firstRenderMs`, the time from navigation start to the
 * moment the leaderboard table is in the page. It runs before the site's own scripts, so the
 * figure does not include the bench's polling. A string, because the Node code here is
 * type-checked without the DOM library.
 */
const firstRenderProbe = `
  const observer = new MutationObserver(() => {
    if (document.querySelector('table.leaderboard')) {
      window.firstRenderMs = performance.now();
      observer.disconnect();
    }
  });
  observer.observe(document, { childList: true, subtree: true });
`;

/**
 * Opens the site from file:// in headless Chromium `count` times, each in a fresh page, and
 * returns the time from navigation start to the moment the leaderboard table is in the page.
 */
async function timeLeaderboard(count: number): Promise<{ milliseconds: number[]; requested: string[] }> {
  const browser = await chromium.launch({
    executablePath: values.chromium,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const milliseconds: number[] = [];
  const requested = new Set<string>();
  try {
    for (let attempt = 0; attempt < count; attempt++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      page.on('request', (request) => requested.add(fileURLToPath(request.url())));
      await page.addInitScript(firstRenderProbe);
      await page.goto(pathToFileURL(join(siteDir, 'index.html')).href);
      // Both functions run in the page, where the probe left its figure on the global object.
      await page.waitForFunction(() => typeof (globalThis as { firstRenderMs?: number }).firstRenderMs === 'number', undefined, {
        timeout: 30_000,
      });
      milliseconds.push(await page.evaluate(() => (globalThis as { firstRenderMs?: number }).firstRenderMs!));
      await context.close();
    }
  } finally {
    await browser.close();
  }
  return { milliseconds, requested: [...requested].sort() };
}

function printFigures({
  report,
  sizes,
  renders,
}: {
  report: { seconds: number; peakMb: number };
  sizes: ReturnType<typeof measureSite>;
  renders: { milliseconds: number[]; requested: string[] };
}): void {
  const sorted = [...renders.milliseconds].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  console.log(`Store: ${values.turns} turns in ${values.runs} runs of ${values.models} models (scripts/generate-store.ts).`);
  console.log('');
  console.log('| measure | figure |');
  console.log('| --- | --- |');
  console.log(`| \`complicity report\`, wall time | ${report.seconds.toFixed(1)} s |`);
  console.log(`| \`complicity report\`, peak resident memory | ${report.peakMb.toFixed(0)} MB |`);
  console.log(`| site, total size | ${megabytes(sizes.totalBytes)} in ${sizes.files} files |`);
  console.log(`| largest transcript file (one scenario of one run) | ${megabytes(sizes.largestTranscriptBytes)} |`);
  console.log(`| what the leaderboard loads | ${megabytes(sumSizes(renders.requested))} in ${renders.requested.length} files |`);
  console.log(
    `| leaderboard first render, median of ${sorted.length} | ${median.toFixed(0)} ms (range ${sorted[0]!.toFixed(0)}–${sorted.at(-1)!.toFixed(0)} ms) |`,
  );
  console.log('');
  console.log(`Files the leaderboard requested: ${renders.requested.map((path) => relative(siteDir, path)).join(', ')}`);
}

function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(bytes < 1e6 ? 2 : 1)} MB`;
}

function listFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    return entry.isDirectory() ? listFiles(path) : [path];
  });
}

/** Runs a command with inherited output; rejects when it exits with another code than 0. */
function runProcess(command: string, args: string[]): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolvePromise() : reject(new Error(`${command} ${args.join(' ')} exited with code ${code}`)),
    );
  });
}

// Last, so that every constant above is initialised before it runs.
try {
  if (!values.store || !existsSync(storePath)) {
    await runProcess('npx', [
      'tsx',
      'scripts/generate-store.ts',
      '--turns',
      values.turns,
      '--runs',
      values.runs,
      '--models',
      values.models,
      '--out',
      storePath,
    ]);
  }
  const report = await timeReport();
  const sizes = measureSite();
  const renders = await timeLeaderboard(Number(values.renders));
  printFigures({ report, sizes, renders });
} finally {
  rmSync(workDir, { recursive: true, force: true });
}
