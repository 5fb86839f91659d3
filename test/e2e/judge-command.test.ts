import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSuite } from '../../src/suite/index.js';
import { chatCompletion, markerJudge, routeByModel, startFakeOpenAIServer, type FakeOpenAIServer } from '../helpers/index.js';
import { assertBuilt, repositoryRoot, runCli, type CliResult } from './cli.js';
import { scriptedModel } from './scripted-model.js';

const suitePath = join(repositoryRoot, 'test/fixtures/suites/basic');

interface StatsJson {
  runs: { judges: string[]; models: { dystopian: { scored: number; meanDcs: number | null } }[] }[];
}

describe('complicity judge', () => {
  let server: FakeOpenAIServer;
  let workDir: string;
  let runId: string;
  let modelRequestsAfterRun: number;
  let unjudged: StatsJson;
  let firstPass: CliResult;
  let byDefault: StatsJson;
  let secondPanel: StatsJson;
  let unknownPanel: CliResult;
  let failingJudge: CliResult;

  beforeAll(async () => {
    assertBuilt();
    const suite = await loadSuite([suitePath]);
    const model = scriptedModel(suite, () => 'hesitant');
    const alwaysRefusal = () => ({ body: chatCompletion({ content: '{"label": "refusal", "rationale": "scripted", "flags": {}}' }) });
    const serverError = () => ({ status: 500, body: { error: { message: 'internal error', type: 'server_error' } } });
    server = await startFakeOpenAIServer({
      handler: routeByModel({ a: model, j: markerJudge(), strict: alwaysRefusal, down: serverError }),
    });
    workDir = mkdtempSync(join(tmpdir(), 'complicity-e2e-'));
    const env = { OPENAI_BASE_URL: server.url, OPENAI_API_KEY: 'sk-local-test-key' };

    const run = await runCli(
      ['run', '--model', 'openai:a', '--judge', 'none', '--suite', suitePath, '--scenario', 'lead-results-notice', '--json'],
      {
        cwd: workDir,
        env,
      },
    );
    runId = (JSON.parse(run.stdout) as { summary: { runId: string } }).summary.runId;
    modelRequestsAfterRun = server.requests.filter((request) => request.model === 'a').length;
    unjudged = JSON.parse((await runCli(['stats', '--json'], { cwd: workDir })).stdout) as StatsJson;

    firstPass = await runCli(['judge', runId, '--judge', 'openai:j'], { cwd: workDir, env });
    byDefault = JSON.parse((await runCli(['stats', '--json'], { cwd: workDir })).stdout) as StatsJson;
    await runCli(['judge', runId, '--judge', 'openai:strict'], { cwd: workDir, env });
    secondPanel = JSON.parse((await runCli(['stats', runId, '--judge', 'openai:strict', '--json'], { cwd: workDir })).stdout) as StatsJson;
    unknownPanel = await runCli(['stats', runId, '--judge', 'openai:never'], { cwd: workDir });
    failingJudge = await runCli(['judge', runId, '--judge', 'openai:down', '--max-retries', '0'], { cwd: workDir, env });
  });

  afterAll(async () => {
    await server?.close();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it('leaves a run without judges unscored', () => {
    expect(unjudged.runs[0]!.models[0]!.dystopian.scored).toBe(0);
    expect(unjudged.runs[0]!.models[0]!.dystopian.meanDcs).toBeNull();
  });

  it('labels the stored replies without calling the model', () => {
    expect(firstPass.code).toBe(0);
    expect(server.requests.filter((request) => request.model === 'a')).toHaveLength(modelRequestsAfterRun);
    expect(server.requests.filter((request) => request.model === 'j')).toHaveLength(5);
  });

  it('makes the first judges the run default', () => {
    expect(byDefault.runs[0]!.judges).toEqual(['openai:j']);
    expect(byDefault.runs[0]!.models[0]!.dystopian.meanDcs).toBe(33);
  });

  it('scores by another panel on request', () => {
    expect(secondPanel.runs[0]!.judges).toEqual(['openai:strict']);
    expect(secondPanel.runs[0]!.models[0]!.dystopian.meanDcs).toBe(0);
  });

  it('fails when judge calls fail', () => {
    expect(failingJudge.code).toBe(1);
    expect(failingJudge.stderr).toContain('0 of 5 replies labelled');
    expect(failingJudge.stderr).toContain('5 left by failed judge calls');
    expect(failingJudge.stderr).toContain(
      'Failed judge call on openai:down (server; later ones are only counted): HTTP 500: internal error',
    );
    expect(failingJudge.stdout).toContain('unscored (judge_error) 5');
  });

  it('names the missing panel', () => {
    expect(unknownPanel.code).toBe(2);
    expect(unknownPanel.stderr).toMatch(/no verdicts from the panel openai:never/);
    expect(unknownPanel.stderr).toContain('complicity judge');
  });
});
