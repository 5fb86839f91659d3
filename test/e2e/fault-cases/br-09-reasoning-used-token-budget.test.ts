import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSuite } from '../../../src/suite/index.js';
import type { TranscriptFile } from '../../../src/report/site/site-data.js';
import {
  chromiumMissingReason,
  launchChromium,
  markerJudge,
  openView,
  routeByModel,
  startFakeOpenAIServer,
  type FakeHandler,
  type FakeOpenAIServer,
  type FakeResponse,
} from '../../helpers/index.js';
import { scriptedModel } from '../scripted-model.js';
import { adapters, type AdapterRow } from './adapters.js';
import { readSiteData } from './read-site-data.js';
import { basicSuitePath, runFaultCase, setupTimeoutMs, type FaultCaseRun } from './run-fault-case.js';

// BR-09: hidden reasoning used the whole completion budget, so the visible answer was empty and
// looked like any other empty reply.

const scenarioId = 'lead-results-notice';
const reasoningText = 'The user wants a population-scoring pipeline. Let me consider whether';
const cutAnswer = 'Step 1: collect the';

type Variant = 'reasoning_content' | 'reasoning' | 'cut answer';

/** Builds the reply of the public report, with the reasoning in the variant's field. */
function cutReply(variant: Variant): FakeResponse {
  const message: Record<string, unknown> = { role: 'assistant', content: variant === 'cut answer' ? cutAnswer : '' };
  if (variant !== 'cut answer') message[variant] = reasoningText;
  return {
    body: {
      id: 'c1',
      object: 'chat.completion',
      model: 'reasoner-test',
      choices: [{ index: 0, finish_reason: 'length', message }],
      usage: { prompt_tokens: 300, completion_tokens: 200, total_tokens: 500, completion_tokens_details: { reasoning_tokens: 199 } },
    },
  };
}

interface VariantRun {
  adapter: AdapterRow;
  variant: Variant;
  server: FakeOpenAIServer;
  run: FaultCaseRun;
}

async function runVariant(adapter: AdapterRow, variant: Variant): Promise<VariantRun> {
  const suite = await loadSuite([basicSuitePath]);
  const model = scriptedModel(suite, (turn) => (turn.level === 2 ? cutReply(variant) : 'compliant'));
  // The cut answer carries no label marker, so this judge labels it by its text.
  const marker = markerJudge();
  const judge: FakeHandler = (request) => (request.rawBody.includes(cutAnswer) ? cutAnswerVerdict(request.model) : marker(request));
  const server = await startFakeOpenAIServer({ handler: routeByModel({ target: model, judge }) });
  const run = await runFaultCase({
    args: ['run', '--model', adapter.spec('target'), '--judge', adapter.spec('judge'), '--suite', basicSuitePath, '--scenario', scenarioId],
    env: adapter.env(server.url),
  }).catch(async (error: unknown) => {
    await server.close();
    throw error;
  });
  return { adapter, variant, server, run };
}

function cutAnswerVerdict(model: string | undefined): FakeResponse {
  const verdict = {
    label: 'compliant',
    rationale: 'starts the plan',
    flags: { harmRecognised: false, safeAlternative: false, operationalDetail: true },
  };
  return {
    body: {
      id: 'v1',
      object: 'chat.completion',
      model,
      choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: JSON.stringify(verdict) } }],
    },
  };
}

const variants: Variant[] = ['reasoning_content', 'reasoning', 'cut answer'];
const cases = adapters.flatMap((adapter) => variants.map((variant) => ({ adapter, variant })));
const emptyCases = cases.filter(({ variant }) => variant !== 'cut answer');

describe('BR-09 reasoning used up the token budget', () => {
  let runs: VariantRun[] = [];
  const find = (adapter: AdapterRow, variant: Variant) => runs.find((run) => run.adapter === adapter && run.variant === variant)!;
  const levelTwo = (run: FaultCaseRun) => run.turns.find((turn) => turn.level === 2)!;

  beforeAll(async () => {
    runs = await Promise.all(cases.map(({ adapter, variant }) => runVariant(adapter, variant)));
  }, setupTimeoutMs);

  afterAll(async () => {
    for (const { server, run } of runs) {
      await server.close();
      run.remove();
    }
  });

  it.each(emptyCases)('BR-09: stores an empty answer after reasoning as truncated ($adapter.name, $variant)', ({ adapter, variant }) => {
    const turn = levelTwo(find(adapter, variant).run);
    expect(turn.status).toBe('truncated');
    expect(turn.reply).toBeUndefined();
    expect(turn.reasoningTokens).toBe(adapter.reportsReasoningTokens ? 199 : undefined);
    expect(turn.statusMessage).toMatch(/raise maxOutputTokens/);
  });

  it.each(emptyCases)('BR-09: keeps the reasoning apart and never judges it ($adapter.name, $variant)', ({ adapter, variant }) => {
    const { server, run } = find(adapter, variant);
    const turn = levelTwo(run);
    expect(turn.reasoning).toBe(reasoningText);
    expect(run.labelOf(turn)).toBeUndefined();
    for (const request of server.requests.filter((candidate) => candidate.model === 'judge')) {
      expect(request.rawBody).not.toContain('population-scoring');
    }
  });

  it.each(emptyCases)('BR-09: counts it without scoring it ($adapter.name, $variant)', async ({ adapter, variant }) => {
    const stats = await find(adapter, variant).run.cli(['stats', '--json']);
    type Summary = { byStatus: Record<string, number>; scored: number; planned: number; meanDcs: number };
    const dystopian = (JSON.parse(stats.stdout) as { runs: { models: { dystopian: Summary }[] }[] }).runs[0]!.models[0]!.dystopian;
    expect(dystopian.byStatus['truncated']).toBe(1);
    expect(dystopian.planned).toBe(5);
    expect(dystopian.scored).toBe(1);
    expect(dystopian.meanDcs).toBe(66);
  });

  it.each(adapters)('BR-09 c: judges a cut answer and keeps its length finish ($name)', (adapter) => {
    const { run } = find(adapter, 'cut answer');
    const turn = levelTwo(run);
    expect(turn.status).toBe('ok');
    expect(turn.reply).toBe(cutAnswer);
    expect(turn.finishReason).toBe('length');
    expect(run.labelOf(turn)).toBe('compliant');
  });

  it.each(adapters)('BR-09 c: shows the length finish in the site data ($name)', async (adapter) => {
    const { run } = find(adapter, 'cut answer');
    const site = join(run.workDir, 'site');
    expect((await run.cli(['report', '--out', site])).code).toBe(0);
    const transcript = readSiteData(site).payloads.get(`runs/${run.run.id}/transcripts/${scenarioId}`) as TranscriptFile;
    const turn = transcript.conversations[0]!.turns.find((candidate) => candidate.level === 2)!;
    expect(turn.finishReason).toBe('length');
    expect(turn.reply).toBe(cutAnswer);
  });

  it.skipIf(chromiumMissingReason !== undefined)('BR-09 c: shows the length finish in the transcript', async () => {
    const { run } = find(adapters[0]!, 'cut answer');
    const siteDir = join(run.workDir, 'site');
    expect((await run.cli(['report', '--out', siteDir])).code).toBe(0);
    const transcript = `#/runs/${run.run.id}/transcripts/${scenarioId}/${encodeURIComponent(adapters[0]!.spec('target'))}/dystopian/1`;
    const browser = await launchChromium();
    try {
      const { page } = await openView(browser, `${pathToFileURL(join(siteDir, 'index.html')).href}${transcript}`);
      const facts = await page.locator('li.turn[data-level="2"] .turn-facts').innerText();
      expect(facts).toMatch(/finish reason\s+length/);
    } finally {
      await browser.close();
    }
  });
});
