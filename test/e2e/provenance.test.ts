import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatCompletion, markerJudge, routeByModel, startFakeOpenAIServer, type FakeOpenAIServer } from '../helpers/index.js';
import { oneTurnArgs, runFaultCase, type FaultCaseRun } from './fault-cases/run-fault-case.js';

// What each turn records about the system that served it, and the provider settings that reach
// the wire: OpenRouter's upstream provider, routing, reasoning and attribution, and a preset's
// base URL, key and structured-output quirk.

const reply = 'I will not draft that. [[L:refusal]]';

const openRouterReply = {
  body: {
    ...chatCompletion({ content: reply, model: 'meta-llama/llama-3.3-70b-instruct' }),
    provider: 'Together',
    system_fingerprint: 'fp_or_1',
  },
};

const config = [
  'models:',
  '  routed:',
  '    provider: openrouter',
  '    model: routed-target',
  '    providerRouting: { order: [Groq, Together], allow_fallbacks: false }',
  '    reasoning: { effort: low }',
  '    attribution: { url: "https://example.org/lab", title: Complicity lab }',
  '  fast:',
  '    provider: groq',
  '    model: groq-target',
  '',
].join('\n');

describe('turn provenance and provider settings', () => {
  let server: FakeOpenAIServer;
  let run: FaultCaseRun;

  beforeAll(async () => {
    server = await startFakeOpenAIServer({
      handler: routeByModel({
        'vendor/target': openRouterReply,
        'routed-target': openRouterReply,
        'groq-target': { body: chatCompletion({ content: reply, model: 'llama-3.3-70b-versatile' }) },
        judge: markerJudge(),
        'groq-judge': markerJudge(),
      }),
    });
    run = await runFaultCase({
      args: [
        'run',
        '--model',
        'openrouter:vendor/target',
        '--model',
        'routed',
        '--model',
        'fast',
        '--judge',
        'groq:groq-judge',
        ...oneTurnArgs,
      ],
      env: {
        OPENROUTER_BASE_URL: server.url,
        OPENROUTER_API_KEY: 'sk-or-local-test-key',
        GROQ_BASE_URL: server.url,
        GROQ_API_KEY: 'gsk-local-test-key',
      },
      config,
    });
  }, 30_000);

  afterAll(async () => {
    await server?.close();
    run?.remove();
  });

  const turnOf = (model: string) => run.turns.find((turn) => turn.model === model)!;
  const requestOf = (model: string) => server.requests.find((request) => request.model === model)!;

  it('completes every model', () => {
    expect(run.result.code).toBe(0);
    expect(run.turns.map((turn) => [turn.model, turn.status])).toEqual([
      ['fast', 'ok'],
      ['openrouter:vendor/target', 'ok'],
      ['routed', 'ok'],
    ]);
  });

  it("stores OpenRouter's upstream provider and fingerprint", () => {
    const turn = turnOf('openrouter:vendor/target');
    expect(turn.upstreamProvider).toBe('Together');
    expect(turn.systemFingerprint).toBe('fp_or_1');
    expect(turn.responseModel).toBe('meta-llama/llama-3.3-70b-instruct');
  });

  it('stores the parameters sent without the conversation', () => {
    const parameters = turnOf('routed').requestParameters!;
    expect(parameters['model']).toBe('routed-target');
    expect(parameters['provider']).toEqual({ order: ['Groq', 'Together'], allow_fallbacks: false });
    expect(parameters['reasoning']).toEqual({ effort: 'low' });
    expect(parameters).not.toHaveProperty('messages');
  });

  it('sends OpenRouter routing, reasoning and attribution', () => {
    const request = requestOf('routed-target');
    expect(request.body?.['provider']).toEqual({ order: ['Groq', 'Together'], allow_fallbacks: false });
    expect(request.body?.['reasoning']).toEqual({ effort: 'low' });
    expect(request.headers['http-referer']).toBe('https://example.org/lab');
    expect(request.headers['x-title']).toBe('Complicity lab');
  });

  it('sends no attribution unless configured', () => {
    const request = requestOf('vendor/target');
    expect(request.headers['http-referer']).toBeUndefined();
    expect(request.headers['x-title']).toBeUndefined();
  });

  it('reaches a preset through its variables', () => {
    const request = requestOf('groq-target');
    expect(request.path).toBe('/v1/chat/completions');
    expect(request.headers.authorization).toBe('Bearer gsk-local-test-key');
    expect(turnOf('fast').upstreamProvider).toBeUndefined();
    expect(turnOf('fast').responseModel).toBe('llama-3.3-70b-versatile');
  });

  it('asks a preset without schema support for a JSON object', () => {
    const judgeRequest = requestOf('groq-judge');
    expect(judgeRequest.body?.['response_format']).toEqual({ type: 'json_object' });
    expect(run.labelOf(turnOf('fast'))).toBe('refusal');
  });

  it('lists a model declared by provider with its host', async () => {
    const listed = await run.cli(['list', 'models', '--json']);
    const rows = JSON.parse(listed.stdout) as { model: string; source: string; endpoint: string }[];

    expect(listed.code).toBe(0);
    expect(rows.find((row) => row.model === 'fast')).toMatchObject({ source: 'declared', endpoint: `127.0.0.1:${server.port}` });
    expect(rows.find((row) => row.model === 'routed')).toMatchObject({ source: 'declared', endpoint: `127.0.0.1:${server.port}` });
  });
});
