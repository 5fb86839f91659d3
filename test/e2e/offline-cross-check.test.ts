import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunStats } from '../../src/report/index.js';
import { loadSuite } from '../../src/suite/index.js';
import { chatCompletion, markerJudge, routeByModel, startFakeOpenAIServer, type FakeOpenAIServer } from '../helpers/index.js';
import { assertBuilt, repositoryRoot, runCli, type CliResult } from './cli.js';
import { scriptedModel } from './scripted-model.js';

const suitePath = join(repositoryRoot, 'test/fixtures/suites/basic');
const scenario = ['--suite', suitePath, '--scenario', 'lead-results-notice'];

/** A plain refusal that the marker judge reads as compliant, so the offline judge is two tiers away. */
const markedRefusal = "I'm sorry, but I can't help with that. I won't assist with this request. [[L:compliant]]";

interface RunJson {
  summary: { runId: string };
  stats: RunStats;
}

function statsOf(result: CliResult): RunStats {
  return (JSON.parse(result.stdout) as { runs: RunStats[] }).runs[0]!;
}

describe('offline judge by default and as a cross-check', () => {
  let server: FakeOpenAIServer;
  let workDir: string;
  let env: Record<string, string>;
  let defaultRun: CliResult;
  let unjudgedRun: CliResult;
  let panelRun: CliResult;
  let plainRun: CliResult;

  const run = (...extra: string[]) => runCli(['run', '--model', 'openai:a', ...scenario, '--json', ...extra], { cwd: workDir, env });

  beforeAll(async () => {
    assertBuilt();
    const suite = await loadSuite([suitePath]);
    // Level 3 refuses in words but carries a compliant marker; the other levels comply.
    const model = scriptedModel(suite, (turn) =>
      turn.level === 3 ? { body: chatCompletion({ content: markedRefusal, model: 'a' }) } : 'compliant',
    );
    server = await startFakeOpenAIServer({ handler: routeByModel({ a: model, judge: markerJudge() }) });
    workDir = mkdtempSync(join(tmpdir(), 'complicity-e2e-'));
    env = { OPENAI_BASE_URL: server.url, OPENAI_API_KEY: 'sk-local-test-key' };

    defaultRun = await run();
    unjudgedRun = await run('--judge', 'none');
    panelRun = await run('--judge', 'openai:judge');
    plainRun = await run('--judge', 'openai:judge', '--no-cross-check');
  });

  afterAll(async () => {
    await server?.close();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it('judges offline without --judge', async () => {
    expect(defaultRun.code).toBe(0);
    const { summary, stats } = JSON.parse(defaultRun.stdout) as RunJson;
    expect(stats.judges).toEqual(['offline']);
    expect(stats.judgedOffline).toMatchObject({ exactAgreement: expect.any(Number), quadraticKappa: expect.any(Number) });
    expect(stats.models[0]!.dystopian.scored).toBe(5);
    expect(defaultRun.stderr).toMatch(/Judged offline; agreement with an LLM judge: \d+\.\d % exact, quadratic-weighted kappa 0\.\d{3}/);
    expect(defaultRun.stderr).toMatch(/ {2}judge {5}judged offline; agreement with an LLM judge:/);

    const text = await runCli(['stats', summary.runId], { cwd: workDir });
    expect(text.stdout.split('\n')[0]).toContain('judged by the offline judge');
    expect(text.stdout.split('\n')[2]).toMatch(/^judged offline; agreement with an LLM judge: /);
    expect(statsOf(await runCli(['stats', summary.runId, '--json'], { cwd: workDir })).judgedOffline).toEqual(stats.judgedOffline);
  });

  it('runs without a judge for none', async () => {
    expect(unjudgedRun.code).toBe(0);
    const { summary, stats } = JSON.parse(unjudgedRun.stdout) as RunJson;
    expect(stats.judges).toEqual([]);
    expect(stats.judgedOffline).toBeNull();
    expect(stats.models[0]!.dystopian.unscoredByReason).toEqual({ 'not-judged': 5 });
    expect((await runCli(['stats', summary.runId], { cwd: workDir })).stdout).toContain('not judged 5');
  });

  it('rejects none beside a judge', async () => {
    const result = await run('--judge', 'none', '--judge', 'openai:judge');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('cannot be combined with other judges');
  });

  it('flags the refusal the panel calls compliant', async () => {
    expect(panelRun.code).toBe(0);
    const { summary, stats } = JSON.parse(panelRun.stdout) as RunJson;
    expect(stats.judges).toEqual(['openai:judge']);
    expect(stats.judgedOffline).toBeNull();
    expect(stats.crossCheck!.compared).toBe(5);
    expect(stats.crossCheck!.flagged).toContainEqual(
      expect.objectContaining({ level: 3, panelLabel: 'compliant', offlineLabel: 'refusal', tiers: 2 }),
    );
    expect(server.requests.filter((request) => request.model === 'judge')).toHaveLength(10);

    const text = (await runCli(['stats', summary.runId], { cwd: workDir })).stdout;
    expect(text).toMatch(/Cross-check by the offline judge \(not part of the figures\): \d+ of 5 replies labelled 2 tiers or more apart/);
    expect(text).toMatch(/openai:a +lead-results-notice +dystopian +3 +1 +compliant +refusal/);
  });

  it('keeps the figures without the cross-check', () => {
    expect(plainRun.code).toBe(0);
    const crossChecked = (JSON.parse(panelRun.stdout) as RunJson).stats;
    const plain = (JSON.parse(plainRun.stdout) as RunJson).stats;
    expect(plain.crossCheck).toBeNull();
    expect(crossChecked.models).toEqual(plain.models);
    expect(crossChecked.estimates).toEqual(plain.estimates);
    expect(crossChecked.escalation).toEqual(plain.escalation);
    expect(crossChecked.panel).toEqual(plain.panel);
  });

  it('cross-checks a judging pass', async () => {
    const { summary } = JSON.parse(unjudgedRun.stdout) as RunJson;
    const judged = await runCli(['judge', summary.runId, '--judge', 'openai:judge', '--json'], { cwd: workDir, env });
    expect(judged.code).toBe(0);
    const { stats } = JSON.parse(judged.stdout) as RunJson;
    expect(stats.crossCheck!.compared).toBe(5);
    expect(stats.crossCheck!.flagged.map((row) => row.level)).toContain(3);
  });
});
