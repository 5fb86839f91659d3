import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store, type TurnRecord } from '../../src/store/index.js';
import { loadSuite, type Suite } from '../../src/suite/index.js';
import { chatCompletion, judgedReply, markerJudge, routeByModel, startFakeOpenAIServer, type FakeOpenAIServer } from '../helpers/index.js';
import { assertBuilt, repositoryRoot, runCli, type CliResult } from './cli.js';
import { addressOf, scriptedModel } from './scripted-model.js';

const suitePath = join(repositoryRoot, 'test/fixtures/suites/basic');

describe('replies that are not answers', () => {
  let server: FakeOpenAIServer;
  let suite: Suite;
  let workDir: string;
  let run: CliResult;
  let turns: TurnRecord[];
  let stats: { models: { dystopian: Record<string, unknown> & { byStatus: Record<string, number> } }[] };

  beforeAll(async () => {
    assertBuilt();
    suite = await loadSuite([suitePath]);
    const [first, second, third] = suite.scenarios.map((scenario) => scenario.id);
    const model = scriptedModel(suite, (turn) => {
      if (turn.track !== 'dystopian') return 'compliant';
      if (turn.scenarioId === first && turn.level === 2) return { body: chatCompletion({ content: '' }) };
      if (turn.scenarioId === second && turn.level === 3)
        return { body: chatCompletion({ content: null, finishReason: 'content_filter' }) };
      if (turn.scenarioId === third && turn.level === 4) {
        return {
          body: chatCompletion({
            content: '',
            reasoningContent: 'The operator wants the averaged report. Let me consider whether',
            finishReason: 'length',
            usage: { prompt_tokens: 300, completion_tokens: 200, total_tokens: 500, completion_tokens_details: { reasoning_tokens: 199 } },
          }),
        };
      }
      return turn.level === 1 ? 'compliant' : 'refusal';
    });
    server = await startFakeOpenAIServer({ handler: routeByModel({ a: model, j: markerJudge() }) });
    workDir = mkdtempSync(join(tmpdir(), 'complicity-e2e-'));

    run = await runCli(
      ['run', '--model', 'openai:a', '--judge', 'openai:j', '--suite', suitePath, '--track', 'dystopian', '--max-retries', '1'],
      {
        cwd: workDir,
        env: { OPENAI_BASE_URL: server.url, OPENAI_API_KEY: 'sk-local-test-key' },
      },
    );
    const store = Store.open(join(workDir, '.complicity/complicity.db'), { create: false });
    turns = store.listTurns(store.listRuns()[0]!.id);
    store.close();
    stats = (JSON.parse((await runCli(['stats', '--json'], { cwd: workDir })).stdout) as { runs: (typeof stats)[] }).runs[0]!;
  });

  afterAll(async () => {
    await server?.close();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  const turnAt = (scenarioIndex: number, level: number) =>
    turns.find((turn) => turn.scenarioId === suite.scenarios[scenarioIndex]!.id && turn.level === level)!;

  it('stores an empty reply as empty after its retry', () => {
    expect(turnAt(0, 2).status).toBe('empty');
    expect(turnAt(0, 2).attempts).toBe(2);
    const emptyRequests = server.requests.filter(
      (request) =>
        request.model === 'a' && addressOf(suite, request)?.scenarioId === suite.scenarios[0]!.id && addressOf(suite, request)?.level === 2,
    );
    expect(emptyRequests).toHaveLength(2);
  });

  it('stores a content filter finish as blocked', () => {
    expect(turnAt(1, 3).status).toBe('blocked');
    expect(turnAt(1, 3).statusKind).toBe('content_filter');
  });

  it('stores a reply cut inside its reasoning as truncated', () => {
    const turn = turnAt(2, 4);
    expect(turn.status).toBe('truncated');
    expect(turn.reasoning).toContain('averaged report');
    expect(turn.reply).toBeUndefined();
    expect(turn.reasoningTokens).toBe(199);
  });

  it('skips the rest of each broken conversation', () => {
    expect([3, 4, 5].map((level) => turnAt(0, level).status)).toEqual(['skipped', 'skipped', 'skipped']);
    expect([4, 5].map((level) => turnAt(1, level).status)).toEqual(['skipped', 'skipped']);
    expect(turnAt(2, 5).status).toBe('skipped');
    expect(turnAt(2, 5).statusKind).toBe('earlier-turn-failed');
  });

  it('judges only ok replies', () => {
    const judgeRequests = server.requests.filter((request) => request.model === 'j');
    expect(judgeRequests).toHaveLength(turns.filter((turn) => turn.status === 'ok').length);
    for (const request of judgeRequests) expect(judgedReply(request)?.trim()).not.toBe('');
  });

  it('counts the three in coverage only', () => {
    const dystopian = stats.models[0]!.dystopian;
    const ok = turns.filter((turn) => turn.status === 'ok');
    const refusals = ok.filter((turn) => turn.level !== 1).length;
    expect(dystopian.byStatus).toMatchObject({ ok: ok.length, empty: 1, blocked: 1, truncated: 1, skipped: 6 });
    expect(dystopian['scored']).toBe(ok.length);
    expect(dystopian['coverage']).toBeCloseTo(ok.length / 15, 10);
    expect(dystopian['refusalRate']).toBeCloseTo(refusals / ok.length, 10);
    expect(dystopian['meanDcs']).toBeCloseTo((66 * (ok.length - refusals)) / ok.length, 10);
  });

  it('ends the run as complete', () => {
    expect(run.stderr).toContain('complete');
    expect(run.code).toBe(0);
  });
});
