import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSuite } from '../../../src/suite/index.js';
import {
  chromiumMissingReason,
  judgedReply,
  launchChromium,
  markerJudge,
  openEveryDetails,
  openView,
  routeByModel,
  startFakeOpenAIServer,
  type FakeHandler,
  type FakeOpenAIServer,
  type PageActivity,
  type PageWindow,
} from '../../helpers/index.js';
import { addressOf } from '../scripted-model.js';
import { adapters } from './adapters.js';
import { readSiteData, type SiteData } from './read-site-data.js';
import { basicSuitePath, runFaultCase, type FaultCaseRun } from './run-fault-case.js';

// BR-16: a results table inserted model output as HTML, so a model could run script in the page of
// whoever opened the results.

const reply =
  '<img src=x onerror="document.body.dataset.pwned=\'1\'"><script>window.__pwned=1</script></script><script>window.__pwned2=1</script><scratchpad>kept?</scratchpad> <!-- c --> [click](javascript:window.__p3=1) [[L:compliant]]';
const rationale = 'The reply complies.</textarea><b>x</b>';
const hostile = '"><svg onload="window.__p4=1">';
const modelName = `evil${hostile}`;
const scenarioId = 'lead-results-notice';
const scenarioTitle = `Customer notices${hostile}`;

/** Writes the fixture suite's scenario with a hostile title into `folder`. */
function writeHostileSuite(folder: string): void {
  const source = readFileSync(join(basicSuitePath, `${scenarioId}.yaml`), 'utf8');
  const retitled = source.replace(/^title: .*$/m, `title: ${JSON.stringify(scenarioTitle)}`);
  if (retitled === source) throw new Error(`no title line in ${scenarioId}.yaml`);
  writeFileSync(join(folder, `${scenarioId}.yaml`), retitled);
}

describe.skipIf(chromiumMissingReason !== undefined)(`BR-16 model output rendered as HTML ${chromiumMissingReason ?? ''}`, () => {
  const adapter = adapters[0]!;
  let server: FakeOpenAIServer;
  let run: FaultCaseRun;
  let site: SiteData;
  let siteUrl: string;
  let browser: Browser;
  let suiteFolder: string;
  const views: ({ name: string } & VisitedView)[] = [];

  beforeAll(async () => {
    suiteFolder = mkdtempSync(join(tmpdir(), 'complicity-fault-suite-'));
    writeHostileSuite(suiteFolder);
    const suite = await loadSuite([suiteFolder]);
    const target: FakeHandler = (request) =>
      adapter.completion({ content: addressOf(suite, request)?.level === 1 ? reply : 'Here is the notice. [[L:hesitant]]' });
    const marker = markerJudge();
    const judge: FakeHandler = (request) =>
      (judgedReply(request) ?? '').includes('<scratchpad>')
        ? adapter.completion({ content: JSON.stringify({ label: 'compliant', rationale }) })
        : marker(request);
    server = await startFakeOpenAIServer({ handler: routeByModel({ 'evil-model': target, judge }) });
    run = await runFaultCase({
      args: [
        'run',
        '--model',
        modelName,
        '--judge',
        adapter.spec('judge'),
        '--suite',
        suiteFolder,
        '--track',
        'dystopian',
        '--levels',
        '1,2',
      ],
      env: adapter.env(server.url),
      config: `models:\n  ${JSON.stringify(modelName)}:\n    model: evil-model\n    baseURL: ${server.url}\n`,
    });
    const siteDir = join(run.workDir, 'site');
    const report = await run.cli(['report', '--out', siteDir]);
    if (report.code !== 0) throw new Error(`complicity report failed: ${report.stderr}`);
    site = readSiteData(siteDir);
    siteUrl = pathToFileURL(join(siteDir, 'index.html')).href;
    browser = await launchChromium();
    const runId = run.run.id;
    for (const [name, hash] of [
      ['leaderboard', `#/runs/${runId}`],
      ['scenarios', `#/runs/${runId}/scenarios`],
      ['scenario', `#/runs/${runId}/scenarios/${scenarioId}`],
      ['transcript', `#/runs/${runId}/transcripts/${scenarioId}/${encodeURIComponent(modelName)}/dystopian/1`],
      ['judges', `#/runs/${runId}/judges`],
    ] as const) {
      views.push({ name, ...(await visit(browser, `${siteUrl}${hash}`)) });
    }
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    run?.remove();
    if (suiteFolder) rmSync(suiteFolder, { recursive: true, force: true });
  });

  it('BR-16: runs no script from model, judge, model id or title', () => {
    for (const view of views) {
      expect(view.flags, view.name).toEqual({ pwned: undefined, pwned2: undefined, p3: undefined, p4: undefined, dataset: null });
      expect(view.activity.pageErrors, view.name).toEqual([]);
      expect(view.activity.dialogs, view.name).toEqual([]);
    }
  });

  it('BR-16: makes no img, svg, script or javascript: link from their text', () => {
    for (const view of views) {
      expect(view.elements, view.name).toEqual({ images: 0, looseSvg: 0, inlineScripts: 0, scriptLinks: 0, textareas: 0, bold: 0 });
    }
  });

  it('BR-16: shows the reply, rationale, model id and title as text', () => {
    const transcript = views.find((view) => view.name === 'transcript')!.text;
    expect(transcript).toContain('<scratchpad>kept?</scratchpad>');
    expect(transcript).toContain('<script>window.__pwned=1</script>');
    expect(transcript).toContain('[click](javascript:window.__p3=1)');
    expect(transcript).toContain(rationale);
    expect(transcript).toContain(modelName);
    expect(views.find((view) => view.name === 'scenario')!.text).toContain(scenarioTitle);
  });

  it('BR-16: escapes the data files and reads back the exact strings', () => {
    for (const [file, text] of site.files) {
      expect(text, file).not.toMatch(/<\/script/i);
      expect(text, file).not.toContain('<!--');
    }
    for (const original of [reply, rationale, modelName, scenarioTitle]) expect(site.strings.has(original), original).toBe(true);
  });
});

/** What one view of the site did and shows, with every collapsed section opened. */
interface VisitedView {
  activity: PageActivity;
  /** The globals and the `data-pwned` attribute that the payloads' scripts would set. */
  flags: Record<string, unknown>;
  /** Counts of elements that only model or judge text could have made. */
  elements: Record<string, number>;
  /** The page's visible text. */
  text: string;
}

async function visit(browser: Browser, url: string): Promise<VisitedView> {
  const { page, activity } = await openView(browser, url);
  await openEveryDetails(page);
  // Give a handler that an element would fire after rendering the time to run.
  await page.waitForTimeout(100);
  const flags = await page.evaluate(() => {
    const scope = globalThis as unknown as Record<string, unknown>;
    const { document } = globalThis as unknown as PageWindow;
    return {
      pwned: scope['__pwned'],
      pwned2: scope['__pwned2'],
      p3: scope['__p3'],
      p4: scope['__p4'],
      dataset: document.body.getAttribute('data-pwned'),
    };
  });
  const elements = await page.evaluate(() => {
    const { document } = globalThis as unknown as PageWindow;
    const all = (selector: string) => [...document.querySelectorAll(selector)];
    return {
      images: all('img').length,
      looseSvg: all('svg').filter((svg) => !svg.closest('.chart-body')).length,
      inlineScripts: all('script').filter((script) => !/^(app\.js|data\/.+\.js)$/.test(script.getAttribute('src') ?? '')).length,
      scriptLinks: all('[href]').filter((element) => /^\s*javascript:/i.test(element.getAttribute('href') ?? '')).length,
      textareas: all('textarea').length,
      bold: all('b').filter((element) => element.textContent === 'x').length,
    };
  });
  const text = await page.evaluate(() => (globalThis as unknown as PageWindow).document.body.innerText ?? '');
  await page.close();
  return { activity, flags, elements, text };
}
