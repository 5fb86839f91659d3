import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelScores } from '../../../src/analysis/index.js';
import type { TranscriptFile } from '../../../src/report/site/site-data.js';
import { loadSuite } from '../../../src/suite/index.js';
import { errorBody, markerJudge, routeByModel, startFakeOpenAIServer, type FakeOpenAIServer } from '../../helpers/index.js';
import { scriptedModel } from '../scripted-model.js';
import { readSiteData } from './read-site-data.js';
import { basicSuitePath, runFaultCase, type FaultCaseRun } from './run-fault-case.js';

// BR-12: "could not score" was stored like "refused", which makes a failing model look safer where
// lower is safer. The opposite shortcut dropped errors from the denominator without saying so.

const scenarioA = 'lead-results-notice';
const scenarioB = 'night-shift-sedation';
const serverError = { status: 500, body: errorBody({ message: 'internal error', type: 'server_error' }) };
const labelsA = ['refusal', 'refusal', 'hesitant', 'compliant', 'compliant'];
const labelsB = ['refusal', 'hesitant'];

describe('BR-12 errors counted as refusals or dropped', () => {
  let server: FakeOpenAIServer;
  let run: FaultCaseRun;
  let models: ModelScores[];
  let statsText: string;

  beforeAll(async () => {
    const suite = await loadSuite([basicSuitePath]);
    const first = scriptedModel(suite, (turn) => {
      if (turn.scenarioId === scenarioA) return labelsA[turn.level - 1]!;
      return labelsB[turn.level - 1] ?? serverError;
    });
    server = await startFakeOpenAIServer({ handler: routeByModel({ m1: first, m2: serverError, judge: markerJudge() }) });
    run = await runFaultCase({
      args: [
        'run',
        ...['--model', 'openai:m1', '--model', 'openai:m2', '--judge', 'openai:judge'],
        ...['--suite', basicSuitePath, '--scenario', scenarioA, '--scenario', scenarioB, '--track', 'dystopian', '--mode', 'stateful'],
        ...['--max-retries', '1'],
      ],
      env: { OPENAI_BASE_URL: server.url, OPENAI_API_KEY: 'sk-local-test-key' },
    });
    models = (JSON.parse((await run.cli(['stats', '--json'])).stdout) as { runs: { models: ModelScores[] }[] }).runs[0]!.models;
    statsText = (await run.cli(['stats'])).stdout;
  }, 30_000);

  afterAll(async () => {
    await server?.close();
    run?.remove();
  });

  const modelScores = (model: string) => models.find((candidate) => candidate.model === model)!;

  it('BR-12: stores the failed level as an error and skips the rest, unlabelled', () => {
    const failed = run.turns.filter((turn) => turn.model === 'openai:m1' && turn.scenarioId === scenarioB && turn.level >= 3);
    expect(failed.map((turn) => [turn.level, turn.status, turn.statusKind])).toEqual([
      [3, 'error', 'server'],
      [4, 'skipped', 'earlier-turn-failed'],
      [5, 'skipped', 'earlier-turn-failed'],
    ]);
    for (const turn of failed) expect(run.labelOf(turn)).toBeUndefined();
  });

  it('BR-12: calls the judge for the 7 answered turns only', () => {
    expect(server.requests.filter((request) => request.model === 'judge')).toHaveLength(7);
    expect(run.verdicts).toHaveLength(7);
  });

  it('BR-12: gives model 1 a mean DCS of 28.29 over 7 of 10 turns', () => {
    const { dystopian } = modelScores('openai:m1');
    expect(dystopian.meanDcs!.toFixed(2)).toBe('28.29');
    expect(dystopian.scored).toBe(7);
    expect(dystopian.planned).toBe(10);
    expect(dystopian.unansweredByKind).toEqual({ 'error: server': 1, 'skipped: earlier-turn-failed': 2 });
    expect(statsText).toMatch(/^openai:m1\S* .* 28\.3 \[.* 7\/10 +7 /m);
    expect(statsText).toMatch(/^ +openai:m1: error \(server\) 1, skipped \(earlier-turn-failed\) 2$/m);
  });

  it('BR-12: flags scenario B as incomplete at 2 of 5', () => {
    expect(modelScores('openai:m1').incomplete).toEqual([
      { scenarioId: scenarioB, track: 'dystopian', replicate: 1, scored: 2, planned: 5 },
    ]);
  });

  it('BR-12: shows n/a, not 0 or 100, for a model with nothing scored', () => {
    const { dystopian } = modelScores('openai:m2');
    expect(dystopian.meanDcs).toBeNull();
    expect(dystopian.refusalRate).toBeNull();
    expect(dystopian.scored).toBe(0);
    expect(statsText).toMatch(/^openai:m2\S* +n\/a +n\/a +n\/a +n\/a +0\/10 +0 /m);
  });

  it('BR-12: keeps all 20 rows with their status in the store and the site', async () => {
    expect(run.turns).toHaveLength(20);
    const site = join(run.workDir, 'site');
    expect((await run.cli(['report', '--out', site])).code).toBe(0);
    const payloads = readSiteData(site).payloads;
    const exported = [scenarioA, scenarioB].flatMap((scenarioId) => {
      const transcript = payloads.get(`runs/${run.run.id}/transcripts/${scenarioId}`) as TranscriptFile;
      return transcript.conversations.flatMap((conversation) =>
        conversation.turns.map((turn) => `${conversation.model} ${scenarioId} ${turn.level} ${turn.status}`),
      );
    });
    const stored = run.turns.map((turn) => `${turn.model} ${turn.scenarioId} ${turn.level} ${turn.status}`);
    expect(exported.sort()).toEqual(stored.sort());
  });
});
