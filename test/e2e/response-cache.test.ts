import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunUsage } from '../../src/report/index.js';
import { Store, type TurnRecord } from '../../src/store/index.js';
import { loadSuite, type Suite } from '../../src/suite/index.js';
import { markerJudge, routeByModel, startFakeOpenAIServer, type FakeOpenAIServer } from '../helpers/index.js';
import { assertBuilt, repositoryRoot, runCli } from './cli.js';
import { addressOf, scriptedModel } from './scripted-model.js';

const suitePath = join(repositoryRoot, 'test/fixtures/suites/basic');
const labels = ['refusal', 'hesitant', 'compliant', 'proactive'];
/** The one conversation whose first call fails with a server error in the first run. */
const failing = { scenarioId: 'lead-results-notice', track: 'dystopian', level: 2 };

describe('run --cache', () => {
  let server: FakeOpenAIServer;
  let workDir: string;
  let env: Record<string, string>;
  let failFirstRun = true;
  let suite: Suite;

  beforeAll(async () => {
    assertBuilt();
    suite = await loadSuite([suitePath]);
    const model = scriptedModel(suite, (turn) =>
      turn.track === 'benign' || turn.level === 1 ? 'compliant' : labels[turn.level % labels.length]!,
    );
    const route = routeByModel({ a: model, j: markerJudge() });
    server = await startFakeOpenAIServer({
      handler: (request) => {
        const address = request.model === 'a' ? addressOf(suite, request) : undefined;
        const fails =
          failFirstRun && address?.scenarioId === failing.scenarioId && address.track === failing.track && address.level === failing.level;
        return fails ? { status: 400, body: { error: { message: 'invalid request', type: 'invalid_request_error' } } } : route(request);
      },
    });
    env = { OPENAI_BASE_URL: server.url, OPENAI_API_KEY: 'sk-local-test-key' };
    workDir = mkdtempSync(join(tmpdir(), 'complicity-cache-'));
  });

  afterAll(async () => {
    await server?.close();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  const run = async (runId: string, extra: string[]) => {
    const before = server.requests.length;
    const result = await runCli(
      ['run', '--run', runId, '--suite', suitePath, '--model', 'openai:a', '--judge', 'openai:j', '--json', ...extra],
      { cwd: workDir, env },
    );
    return { result, modelRequests: server.requests.slice(before).filter((request) => request.model === 'a') };
  };
  const turnsOf = (runId: string): TurnRecord[] => {
    const store = Store.open(join(workDir, '.complicity/complicity.db'), { create: false });
    try {
      return store.listTurns(runId);
    } finally {
      store.close();
    }
  };
  const stats = async (runId: string) => {
    const result = await runCli(['stats', runId, '--json'], { cwd: workDir });
    expect(result.code, result.stderr).toBe(0);
    return (JSON.parse(result.stdout) as { runs: { estimates: unknown }[] }).runs[0]!.estimates;
  };

  let first: Awaited<ReturnType<typeof run>>;
  let cached: Awaited<ReturnType<typeof run>>;

  it('sends temperature 0 first', async () => {
    first = await run('first', ['--temperature', '0']);
    failFirstRun = false;
    expect(first.result.code, first.result.stderr).toBe(1);
    expect(first.modelRequests.length).toBeGreaterThan(0);
    expect(first.modelRequests.every((request) => request.body?.['temperature'] === 0)).toBe(true);
    expect(turnsOf('first').filter((turn) => turn.status === 'error')).toHaveLength(1);
  });

  it('reuses replies, resends the failed turn', async () => {
    cached = await run('cached', ['--temperature', '0', '--cache']);
    expect(cached.result.code, cached.result.stderr).toBe(0);
    // The failed level 2 and the three levels its conversation skipped are sent; nothing else.
    const sent = cached.modelRequests.map((request) => {
      const address = addressOf(suite, request)!;
      return `${address.scenarioId} ${address.track} ${address.level}`;
    });
    expect(sent).toHaveLength(4);
    expect(new Set(sent)).toEqual(new Set([2, 3, 4, 5].map((level) => `${failing.scenarioId} ${failing.track} ${level}`)));

    const turns = turnsOf('cached');
    const reused = turns.filter((turn) => turn.cachedFrom !== undefined);
    expect(reused).toHaveLength(turns.length - 4);
    const firstById = new Map(turnsOf('first').map((turn) => [turn.id, turn]));
    for (const turn of reused) {
      const source = firstById.get(turn.cachedFrom!)!;
      // A benign level 1 with the dystopian level 1's prompt is the same request, so either reply may be reused.
      expect([source.scenarioId, source.level, source.reply, source.cacheKey]).toEqual([
        turn.scenarioId,
        turn.level,
        turn.reply,
        turn.cacheKey,
      ]);
    }
    expect(cached.result.stderr).toMatch(/answered from the cache/);
  });

  it('prices only the calls made', async () => {
    writeFileSync(join(workDir, 'complicity.config.yaml'), "prices:\n  'openai:a': { input: 2, output: 4 }\n");
    const result = await runCli(['stats', 'cached', '--json'], { cwd: workDir });
    const text = await runCli(['stats', 'cached', '--section', 'usage'], { cwd: workDir });
    rmSync(join(workDir, 'complicity.config.yaml'));

    const usage = (JSON.parse(result.stdout) as { runs: { usage: RunUsage }[] }).runs[0]!.usage;
    const model = usage.models.find((row) => row.spec === 'openai:a')!;
    // The fake server reports 10 input and 10 output tokens a call; four calls were made.
    expect(model).toMatchObject({ calls: turnsOf('cached').length, reused: turnsOf('cached').length - 4 });
    expect(model).toMatchObject({ inputTokens: 40, outputTokens: 40, costUsd: (40 * 2 + 40 * 4) / 1e6 });
    expect(usage.judges.find((row) => row.spec === 'openai:j')).toMatchObject({ costUsd: null });
    expect(usage.total.unpriced).toEqual(['openai:j']);
    expect(text.stdout).toMatch(/^model +openai:a +\d+ +\d+ +40 +0 +40 +0 +\$0\.0002$/m);
    expect(text.stdout).toMatch(/leaves out openai:j: no price/);
  });

  it('matches the figures of a fresh run', async () => {
    const fresh = await run('fresh', ['--temperature', '0']);
    expect(fresh.result.code, fresh.result.stderr).toBe(0);
    expect(await stats('cached')).toEqual(await stats('fresh'));
  });

  it('skips other temperatures and prompts', async () => {
    const warm = await run('warm', ['--temperature', '0.7', '--cache']);
    expect(warm.result.code, warm.result.stderr).toBe(0);
    expect(warm.result.stderr).toMatch(/--cache reuses replies only at temperature 0, which openai:a does not use/);
    expect(turnsOf('warm').some((turn) => turn.cachedFrom !== undefined)).toBe(false);

    const pressure = await run('pressure', ['--temperature', '0', '--cache', '--system', 'pressure']);
    expect(pressure.result.code, pressure.result.stderr).toBe(0);
    expect(pressure.modelRequests).toHaveLength(turnsOf('pressure').length);
  });

  it('reports and clears the cache', async () => {
    const before = await runCli(['cache', 'stats', '--json'], { cwd: workDir });
    expect(before.code, before.stderr).toBe(0);
    const [row] = JSON.parse(before.stdout) as { model: string; requests: number; reused: number }[];
    expect(row).toMatchObject({ model: 'openai:a', reused: turnsOf('cached').length - 4 });
    // The neutral and the pressure system prompts make two sets of requests; a level 1 that both
    // tracks share is one request.
    const keys = new Set([...turnsOf('fresh'), ...turnsOf('pressure')].map((turn) => turn.cacheKey));
    expect(keys.size).toBeGreaterThan(turnsOf('fresh').length);
    expect(row!.requests).toBe(keys.size);

    const cleared = await runCli(['cache', 'clear'], { cwd: workDir });
    expect(cleared.code, cleared.stderr).toBe(0);
    expect(cleared.stdout).toMatch(/^Forgot the cache keys of \d+ stored turns; the runs keep every turn\.\n$/);
    const after = await runCli(['cache', 'stats'], { cwd: workDir });
    expect(after.stdout).toMatch(/^The cache is empty/);

    const again = await run('after-clear', ['--temperature', '0', '--cache']);
    expect(again.modelRequests).toHaveLength(turnsOf('after-clear').length);
    expect(turnsOf('first')).toHaveLength(turnsOf('fresh').length);
  });
});
