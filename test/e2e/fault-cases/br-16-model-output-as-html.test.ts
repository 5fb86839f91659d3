import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSuite } from '../../../src/suite/index.js';
import {
  chromiumMissingReason,
  judgedReply,
  launchChromium,
  markerJudge,
  openView,
  routeByModel,
  startFakeOpenAIServer,
  type FakeHandler,
  type FakeOpenAIServer,
  type PageActivity,
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
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    run?.remove();
    if (suiteFolder) rmSync(suiteFolder, { recursive: true, force: true });
  });

  const views = () => {
    const runId = run.run.id;
    return [
      { name: 'leaderboard', hash: `#/runs/${runId}` },
      { name: 'scenarios', hash: `#/runs/${runId}/scenarios` },
      { name: 'scenario', hash: `#/runs/${runId}/scenarios/${scenarioId}` },
      { name: 'transcript', hash: `#/runs/${runId}/transcripts/${scenarioId}/${encodeURIComponent(modelName)}/dystopian/1` },
      { name: 'judges', hash: `#/runs/${runId}/judges` },
    ];
  };

  /** Opens a view, opens every collapsed section, and returns what the page did and shows. */
  async function visit(hash: string): Promise<{ page: Page; activity: PageActivity }> {
    const opened = await openView(browser, `${siteUrl}${hash}`);
    const closed = opened.page.locator('details:not([open]) > summary');
    while ((await closed.count()) > 0) await closed.first().click();
    // Give a handler that an element would fire after rendering the time to run.
    await opened.page.waitForTimeout(100);
    return opened;
  }

  it('BR-16: runs no script from model, judge, model id or title', async () => {
    for (const view of views()) {
      const { page, activity } = await visit(view.hash);
      const flags = await page.evaluate(() => {
        const scope = window as unknown as Record<string, unknown>;
        return {
          pwned: scope['__pwned'],
          pwned2: scope['__pwned2'],
          p3: scope['__p3'],
          p4: scope['__p4'],
          dataset: document.body.dataset['pwned'],
        };
      });
      await page.close();
      expect(flags, view.name).toEqual({ pwned: undefined, pwned2: undefined, p3: undefined, p4: undefined, dataset: undefined });
      expect(activity.pageErrors, view.name).toEqual([]);
      expect(activity.dialogs, view.name).toEqual([]);
    }
  });

  it('BR-16: makes no img, svg, script or javascript: link from their text', async () => {
    for (const view of views()) {
      const { page } = await visit(view.hash);
      const found = await page.evaluate(() => ({
        images: document.querySelectorAll('img').length,
        looseSvg: [...document.querySelectorAll('svg')].filter((svg) => !svg.closest('.chart-body')).length,
        inlineScripts: [...document.querySelectorAll('script')].filter(
          (script) => !/^(app\.js|data\/.+\.js)$/.test(script.getAttribute('src') ?? ''),
        ).length,
        scriptLinks: [...document.querySelectorAll('[href]')].filter((element) =>
          /^\s*javascript:/i.test(element.getAttribute('href') ?? ''),
        ).length,
        textareas: document.querySelectorAll('textarea').length,
        bold: [...document.querySelectorAll('b')].filter((element) => element.textContent === 'x').length,
      }));
      await page.close();
      expect(found, view.name).toEqual({ images: 0, looseSvg: 0, inlineScripts: 0, scriptLinks: 0, textareas: 0, bold: 0 });
    }
  });

  it('BR-16: shows the reply, rationale, model id and title as text', async () => {
    const transcript = views().find((view) => view.name === 'transcript')!;
    const { page } = await visit(transcript.hash);
    const text = await page.evaluate(() => document.body.innerText);
    await page.close();
    expect(text).toContain('<scratchpad>kept?</scratchpad>');
    expect(text).toContain('<script>window.__pwned=1</script>');
    expect(text).toContain('[click](javascript:window.__p3=1)');
    expect(text).toContain(rationale);
    expect(text).toContain(modelName);

    const scenario = views().find((view) => view.name === 'scenario')!;
    const scenarioPage = await visit(scenario.hash);
    const scenarioText = await scenarioPage.page.evaluate(() => document.body.innerText);
    await scenarioPage.page.close();
    expect(scenarioText).toContain(scenarioTitle);
  });

  it('BR-16: escapes the data files and reads back the exact strings', () => {
    for (const [file, text] of site.files) {
      expect(text, file).not.toMatch(/<\/script/i);
      expect(text, file).not.toContain('<!--');
    }
    for (const original of [reply, rationale, modelName, scenarioTitle]) expect(site.strings.has(original), original).toBe(true);
  });
});
