import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store, type TurnRecord } from '../../src/store/index.js';
import { loadSuite, type Suite } from '../../src/suite/index.js';
import { errorBody, markerJudge, routeByModel, sequence, startFakeOpenAIServer, type FakeOpenAIServer } from '../helpers/index.js';
import { assertBuilt, repositoryRoot, runCli, type CliResult } from './cli.js';
import { addressOf, scriptedModel } from './scripted-model.js';

const suitePath = join(repositoryRoot, 'test/fixtures/suites/basic');
const scenarioId = 'lead-results-notice';
const rejectedKey = 'sk-vendor-b-REJECTED-0123456789abcdef';

describe('rate limits and rejected keys', () => {
  let server: FakeOpenAIServer;
  let suite: Suite;
  let workDir: string;
  let run: CliResult;
  let turns: TurnRecord[];

  beforeAll(async () => {
    assertBuilt();
    suite = await loadSuite([suitePath]);
    const answer = scriptedModel(suite, () => 'refusal');
    let rateLimited = false;
    const rateLimitOnce = (request: Parameters<typeof answer>[0]) => {
      if (!rateLimited && addressOf(suite, request)?.level === 2) {
        rateLimited = true;
        return {
          status: 429,
          headers: { 'retry-after': '2' },
          body: errorBody({ message: 'Rate limit reached for requests', type: 'requests', code: 'rate_limit_exceeded' }),
        };
      }
      return answer(request);
    };
    const rejectKey = sequence({
      status: 401,
      body: errorBody({ message: `Incorrect API key provided: ${rejectedKey}`, type: 'invalid_request_error', code: 'invalid_api_key' }),
    });
    server = await startFakeOpenAIServer({ handler: routeByModel({ a: rateLimitOnce, 'vendor-b-model': rejectKey, j: markerJudge() }) });

    workDir = mkdtempSync(join(tmpdir(), 'complicity-e2e-'));
    writeFileSync(
      join(workDir, 'complicity.config.yaml'),
      `models:\n  vendor-b:\n    model: vendor-b-model\n    baseURL: ${server.url}\n    apiKeyEnv: VENDOR_B_KEY\n`,
    );
    run = await runCli(
      [
        'run',
        '--model',
        'openai:a',
        '--model',
        'vendor-b',
        '--judge',
        'openai:j',
        '--suite',
        suitePath,
        '--scenario',
        scenarioId,
        '--per-model-concurrency',
        '1',
      ],
      { cwd: workDir, env: { OPENAI_BASE_URL: server.url, OPENAI_API_KEY: 'sk-local-test-key', VENDOR_B_KEY: rejectedKey } },
    );
    const store = Store.open(join(workDir, '.complicity/complicity.db'), { create: false });
    turns = store.listTurns(store.listRuns()[0]!.id);
    store.close();
  });

  afterAll(async () => {
    await server?.close();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it('retries a 429 no sooner than its Retry-After', () => {
    const levelTwo = server.requests.filter((request) => request.model === 'a' && addressOf(suite, request)?.level === 2);
    expect(levelTwo).toHaveLength(2);
    expect(levelTwo[1]!.receivedAt - levelTwo[0]!.receivedAt).toBeGreaterThanOrEqual(2000);
  });

  it('finishes the other model after the retry', () => {
    const modelA = turns.filter((turn) => turn.model === 'openai:a');
    expect(modelA.map((turn) => turn.status)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
    expect(modelA.find((turn) => turn.level === 2)!.attempts).toBe(2);
  });

  it('stops the model with a rejected key at once', () => {
    expect(server.requests.filter((request) => request.model === 'vendor-b-model')).toHaveLength(1);
    const modelB = turns.filter((turn) => turn.model === 'vendor-b');
    expect(modelB[0]!.status).toBe('error');
    expect(modelB[0]!.statusKind).toBe('auth');
    expect(modelB.slice(1).map((turn) => turn.status)).toEqual(['skipped', 'skipped', 'skipped', 'skipped']);
  });

  it('names the key variable in the message', () => {
    expect(run.stderr).toMatch(/Stopped vendor-b, whose remaining turns are skipped: .*VENDOR_B_KEY/);
  });

  it('never writes the rejected key anywhere', () => {
    expect(run.stderr).not.toContain(rejectedKey);
    expect(run.stdout).not.toContain(rejectedKey);
    for (const file of readdirSync(join(workDir, '.complicity'))) {
      expect(readFileSync(join(workDir, '.complicity', file)).includes(rejectedKey)).toBe(false);
    }
    expect(JSON.stringify(turns)).not.toContain(rejectedKey);
  });

  it('exits 1 because the run is incomplete', () => {
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('complicity resume');
  });
});
