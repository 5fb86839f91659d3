import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EndpointRecord, RunConfig } from '../../../src/runner/index.js';
import { Store, type RunRecord, type TurnRecord } from '../../../src/store/index.js';
import { loadSuite } from '../../../src/suite/index.js';
import { errorBody, markerJudge, routeByModel, startFakeOpenAIServer, type FakeOpenAIServer } from '../../helpers/index.js';
import { assertBuilt, runCli, type CliResult } from '../cli.js';
import { scriptedModel } from '../scripted-model.js';
import { basicSuitePath } from './run-fault-case.js';

// BR-17: provider configuration, credentials included, was written into every artefact a user
// might share: results, the viewer, exports.

const canary = 'CANARY';
const openAIKey = 'sk-test-CANARY0123456789abcdef';
const configFile = 'complicity.config.yaml';

/** Every variable the adapters read, each set to a planted secret. */
function plantedEnvironment(serverPort: number): Record<string, string> {
  const withCredentials = `http://user:CANARYPASS@127.0.0.1:${serverPort}/v1`;
  return {
    OPENAI_API_KEY: openAIKey,
    OPENAI_BASE_URL: withCredentials,
    OPENROUTER_API_KEY: 'sk-or-test-CANARY0123456789abcdef',
    OPENROUTER_BASE_URL: withCredentials,
    OLLAMA_HOST: `user:CANARYPASS@127.0.0.1:${serverPort}`,
    ANTHROPIC_API_KEY: 'sk-ant-test-CANARY0123456789',
    ANTHROPIC_BASE_URL: withCredentials,
    GOOGLE_API_KEY: 'AIzaCANARY0123456789abcdefghijklmnopq',
    GOOGLE_GENERATIVE_AI_API_KEY: 'AIzaCANARY9876543210abcdefghijklmnopq',
    GOOGLE_GENERATIVE_AI_BASE_URL: withCredentials.replace(/\/v1$/, '/v1beta'),
    GATEWAY_KEY: 'gw-CANARY-unshaped-token-0123',
    // Complicity has no debug logging of its own; this turns on that of any dependency using `debug`.
    DEBUG: '*',
  };
}

/**
 * Two declared models with credentials in their URLs and secret headers. The server rejects the
 * second with a 401 that echoes its key, its header and its URL password.
 */
function plantedConfig(serverPort: number): string {
  return [
    'models:',
    '  gateway:',
    '    model: gateway-model',
    `    baseURL: http://user:CANARYPASS@127.0.0.1:${serverPort}/v1`,
    '    apiKeyEnv: GATEWAY_KEY',
    '    headers:',
    `      Authorization: Bearer ${openAIKey}`,
    '      X-Api-Key: hdr-CANARY-value-0123',
    '  rejected:',
    '    model: rejected-model',
    `    baseURL: http://user:CANARYPASS@127.0.0.1:${serverPort}/v1`,
    '    apiKeyEnv: OPENAI_API_KEY',
    '    headers:',
    '      X-Api-Key: hdr-CANARY-rejected-0123',
    '  gemini-rejected:',
    '    provider: google',
    '    model: rejected-gemini',
    '',
  ].join('\n');
}

const specs = [
  'openai:target',
  'openrouter:vendor/target',
  'ollama:target',
  'anthropic:target',
  'google:target',
  'gateway',
  'rejected',
  'gemini-rejected',
];
const rejectedSpecs = ['rejected', 'gemini-rejected'];

describe('BR-17 secrets in results, site and exports', () => {
  let server: FakeOpenAIServer;
  let workDir: string;
  const outputs: CliResult[] = [];
  let run: RunRecord;
  let turns: TurnRecord[];

  // Eleven commands over eight models run one after another, which takes more than 30 s on a loaded machine.
  beforeAll(async () => {
    assertBuilt();
    const suite = await loadSuite([basicSuitePath]);
    const model = scriptedModel(suite, () => 'hesitant');
    const rejectKey = {
      status: 401,
      body: errorBody({
        message: `Incorrect API key provided: ${openAIKey}. Header hdr-CANARY-rejected-0123, password CANARYPASS.`,
        type: 'invalid_request_error',
        code: 'invalid_api_key',
      }),
    };
    // Google's APIs also take the key as a `?key=` query parameter, which an error may echo.
    const rejectQueryKey = {
      status: 400,
      body: errorBody({
        message: 'API key not valid: /v1beta/models/rejected-gemini:generateContent?key=gk-CANARY-query-0123',
        type: 'invalid',
      }),
    };
    const routes = {
      target: model,
      'vendor/target': model,
      'gateway-model': model,
      'rejected-model': rejectKey,
      'rejected-gemini': rejectQueryKey,
      judge: markerJudge(),
    };
    server = await startFakeOpenAIServer({ handler: routeByModel(routes) });
    workDir = mkdtempSync(join(tmpdir(), 'complicity-fault-'));
    writeFileSync(join(workDir, configFile), plantedConfig(server.port));
    const env = plantedEnvironment(server.port);
    const cli = async (args: string[]) => {
      const result = await runCli(args, { cwd: workDir, env });
      outputs.push(result);
      return result;
    };

    const runArgs = ['run', ...specs.flatMap((spec) => ['--model', spec]), '--judge', 'openai:judge'];
    await cli([...runArgs, '--suite', basicSuitePath, '--scenario', 'lead-results-notice', '--levels', '1,2', '--run', 'secrets']);
    await cli([...runArgs, '--suite', basicSuitePath, '--dry-run']);
    await cli([...runArgs, '--suite', basicSuitePath, '--dry-run', '--json']);
    await cli(['resume', 'secrets']);
    await cli(['judge', 'secrets', '--judge', 'openai:judge']);
    await cli(['stats', '--json']);
    await cli(['stats', '--section', 'all']);
    await cli(['list', 'runs', '--json']);
    await cli(['list', 'models']);
    await cli(['list', 'models', '--json']);
    await cli(['report', '--out', join(workDir, 'site')]);

    const store = Store.open(join(workDir, '.complicity/complicity.db'), { create: false });
    run = store.getRun('secrets')!;
    turns = store.listTurns(run.id);
    store.close();
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it('BR-17: reaches every model through the planted settings', () => {
    expect(outputs[0]!.stderr).toContain('Starting run secrets');
    for (const spec of specs.filter((candidate) => !rejectedSpecs.includes(candidate))) {
      expect(turns.filter((turn) => turn.model === spec).map((turn) => turn.status)).toEqual(['ok', 'ok']);
    }
    expect(server.requests.find((request) => request.model === 'gateway-model')?.headers['x-api-key']).toBe('hdr-CANARY-value-0123');
  });

  it('BR-17: writes no planted secret to any file', () => {
    expect(readFileSync(join(workDir, configFile)).includes(canary)).toBe(true);
    const leaks = listFiles(workDir)
      .filter((path) => relative(workDir, path) !== configFile)
      .filter((path) => readFileSync(path).includes(canary))
      .map((path) => relative(workDir, path));
    expect(leaks).toEqual([]);
  });

  it('BR-17: prints no planted secret on stdout or stderr', () => {
    expect(outputs).toHaveLength(11);
    for (const output of outputs) {
      expect(output.stdout).not.toContain(canary);
      expect(output.stderr).not.toContain(canary);
    }
  });

  it('BR-17: stores the echoed 401 as an auth error with the key masked', () => {
    const [turn] = turns.filter((candidate) => candidate.model === 'rejected');
    expect(turn!.status).toBe('error');
    expect(turn!.statusKind).toBe('auth');
    expect(turn!.statusMessage).toContain('Incorrect API key provided: [REDACTED]. Header [REDACTED], password [REDACTED].');
    expect(turn!.statusMessage).toContain('OPENAI_API_KEY');
  });

  it('BR-17: masks a key echoed in a query string', () => {
    const [turn] = turns.filter((candidate) => candidate.model === 'gemini-rejected');
    expect(turn!.status).toBe('error');
    expect(turn!.statusKind).toBe('bad_request');
    expect(turn!.statusMessage).toContain(':generateContent?key=[REDACTED]');
  });

  it('BR-17: sends the Google key in a header, never in the URL', () => {
    const google = server.requests.filter((request) => request.wireFormat === 'gemini');
    expect(google.length).toBeGreaterThan(0);
    for (const request of google) {
      expect(request.path).not.toContain('key=');
      expect(request.headers['x-goog-api-key']).toBe('AIzaCANARY9876543210abcdefghijklmnopq');
    }
  });

  it('BR-17: keeps provider, model and host only in the run config', () => {
    const endpoints = (run.config as RunConfig).endpoints;
    const host = `127.0.0.1:${server.port}`;
    expect(endpoints).toEqual({
      'openai:target': { provider: 'openai', modelId: 'target', host },
      'openrouter:vendor/target': { provider: 'openrouter', modelId: 'vendor/target', host },
      'ollama:target': { provider: 'ollama', modelId: 'target', host },
      'anthropic:target': { provider: 'anthropic', modelId: 'target', host },
      'google:target': { provider: 'google', modelId: 'target', host },
      gateway: { provider: 'compatible', modelId: 'gateway-model', host },
      rejected: { provider: 'compatible', modelId: 'rejected-model', host },
      'gemini-rejected': { provider: 'google', modelId: 'rejected-gemini', host },
      'openai:judge': { provider: 'openai', modelId: 'judge', host },
    } satisfies Record<string, EndpointRecord>);
    expect(JSON.stringify(run.config)).not.toContain(canary);
    expect(JSON.stringify(run.config)).not.toContain('user');
  });
});

function listFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    return entry.isDirectory() ? listFiles(path) : [path];
  });
}
