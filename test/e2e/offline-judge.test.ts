import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSuite } from '../../src/suite/index.js';
import { routeByModel, startFakeOpenAIServer, type FakeOpenAIServer } from '../helpers/index.js';
import { assertBuilt, repositoryRoot, runCli, type CliResult } from './cli.js';
import { scriptedModel } from './scripted-model.js';

const suitePath = join(repositoryRoot, 'test/fixtures/suites/basic');
const scenario = ['--suite', suitePath, '--scenario', 'lead-results-notice'];

interface RunJson {
  summary: { runId: string; status: string; verdicts: { expected: number; labelled: number } };
}

interface StatsJson {
  runs: { judges: string[]; models: { dystopian: { scored: number } }[] }[];
}

describe('--judge offline', () => {
  let server: FakeOpenAIServer;
  let workDir: string;
  let judgedRun: CliResult;
  let plan: CliResult;
  let laterJudge: CliResult;
  let laterStats: StatsJson;

  beforeAll(async () => {
    assertBuilt();
    const suite = await loadSuite([suitePath]);
    server = await startFakeOpenAIServer({ handler: routeByModel({ a: scriptedModel(suite, () => 'compliant') }) });
    workDir = mkdtempSync(join(tmpdir(), 'complicity-e2e-'));
    // The key serves the model alone: the offline judge needs none.
    const env = { OPENAI_BASE_URL: server.url, OPENAI_API_KEY: 'sk-local-test-key' };

    plan = await runCli(['run', '--model', 'openai:a', '--judge', 'offline', ...scenario, '--dry-run', '--json'], { cwd: workDir, env });
    judgedRun = await runCli(['run', '--model', 'openai:a', '--judge', 'offline', ...scenario, '--json'], {
      cwd: workDir,
      env,
    });
    const unjudged = await runCli(['run', '--model', 'openai:a', '--judge', 'none', ...scenario, '--json'], { cwd: workDir, env });
    const unjudgedId = (JSON.parse(unjudged.stdout) as RunJson).summary.runId;
    laterJudge = await runCli(['judge', unjudgedId, '--judge', 'offline'], { cwd: workDir });
    laterStats = JSON.parse((await runCli(['stats', unjudgedId, '--json'], { cwd: workDir })).stdout) as StatsJson;
  });

  afterAll(async () => {
    await server?.close();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it('plans no tokens for the offline judge', () => {
    expect(plan.code).toBe(0);
    const estimate = JSON.parse(plan.stdout) as { judges: { spec: string; inputTokens: number; outputTokens: number }[] };
    expect(estimate.judges).toEqual([{ spec: 'offline', calls: 5, inputTokens: 0, outputTokens: 0, costUsd: 0 }]);
  });

  it('labels a run without a judge call', () => {
    expect(judgedRun.code).toBe(0);
    const { summary } = JSON.parse(judgedRun.stdout) as RunJson;
    expect(summary.status).toBe('complete');
    expect(summary.verdicts.labelled).toBe(summary.verdicts.expected);
    expect(server.requests.every((request) => request.model === 'a')).toBe(true);
  });

  it('judges a stored run offline', () => {
    expect(laterJudge.code).toBe(0);
    expect(laterStats.runs[0]!.judges).toEqual(['offline']);
    expect(laterStats.runs[0]!.models[0]!.dystopian.scored).toBe(5);
  });
});
