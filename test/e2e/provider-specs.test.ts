import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSuite } from '../../src/suite/index.js';
import { markerJudge, routeByModel, startFakeOpenAIServer, type FakeOpenAIServer } from '../helpers/index.js';
import { assertBuilt, repositoryRoot, runCli, type CliResult } from './cli.js';
import { scriptedModel } from './scripted-model.js';

const suitePath = join(repositoryRoot, 'test/fixtures/suites/basic');

describe('openrouter and ollama specs', () => {
  let server: FakeOpenAIServer;
  let workDir: string;
  let run: CliResult;

  beforeAll(async () => {
    assertBuilt();
    const suite = await loadSuite([suitePath]);
    const model = scriptedModel(suite, () => 'hesitant');
    server = await startFakeOpenAIServer({ handler: routeByModel({ 'vendor/routed': model, local: model, j: markerJudge() }) });
    workDir = mkdtempSync(join(tmpdir(), 'complicity-e2e-'));
    run = await runCli(
      [
        'run',
        '--model',
        'openrouter:vendor/routed',
        '--model',
        'ollama:local',
        '--judge',
        'openrouter:j',
        '--suite',
        suitePath,
        '--scenario',
        'lead-results-notice',
      ],
      {
        cwd: workDir,
        // OLLAMA_HOST without a scheme, as the Ollama CLI accepts it.
        env: { OPENROUTER_BASE_URL: server.url, OPENROUTER_API_KEY: 'sk-or-local-test-key', OLLAMA_HOST: `127.0.0.1:${server.port}` },
      },
    );
  });

  afterAll(async () => {
    await server?.close();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it('completes through both adapters', () => {
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^openrouter:vendor\/routed† +[\d.]+ \[no interval\] +33\.0 \[no interval\]/m);
    expect(run.stdout).toMatch(/^ollama:local† +[\d.]+ \[no interval\] +33\.0 \[no interval\]/m);
  });

  it('sends the OpenRouter key as a bearer token', () => {
    const routed = server.requests.filter((request) => request.model === 'vendor/routed');
    expect(routed).toHaveLength(5);
    expect(routed[0]!.headers.authorization).toBe('Bearer sk-or-local-test-key');
  });

  it('sends no key to Ollama', () => {
    const local = server.requests.filter((request) => request.model === 'local');
    expect(local).toHaveLength(5);
    expect(local[0]!.headers.authorization).toBeUndefined();
    expect(local[0]!.path).toBe('/v1/chat/completions');
  });
});
