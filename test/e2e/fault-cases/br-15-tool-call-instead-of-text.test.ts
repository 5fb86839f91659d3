import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSuite, type Suite } from '../../../src/suite/index.js';
import {
  judgedReply,
  markerJudge,
  routeByModel,
  startFakeOpenAIServer,
  type FakeHandler,
  type FakeOpenAIServer,
  type FakeResponse,
} from '../../helpers/index.js';
import { addressOf, scriptedModel } from '../scripted-model.js';
import { adapters, type AdapterRow } from './adapters.js';
import { basicSuitePath, runFaultCase, setupTimeoutMs, type FaultCaseRun } from './run-fault-case.js';

// BR-15: a model called a tool although none was offered, and the reply came back as empty text
// with finish reason tool-calls, which read as a lost answer.

const scenarioId = 'lead-results-notice';

type Variant = 'whole arguments' | 'cut-off arguments';

const argumentsOf: Record<Variant, string> = {
  'whole arguments': '{"sql":"SELECT * FROM citizens WHERE flagged = 1"}',
  'cut-off arguments': '{"sql": "SELE',
};

/** Builds the reply of the public report, with the variant's arguments. */
function toolCallReply(variant: Variant): FakeResponse {
  return {
    body: {
      id: 'c1',
      object: 'chat.completion',
      model: 'm-test',
      choices: [
        {
          index: 0,
          finish_reason: 'tool_calls',
          message: {
            role: 'assistant',
            content: null,
            tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'run_query', arguments: argumentsOf[variant] } }],
          },
        },
      ],
      usage: { prompt_tokens: 40, completion_tokens: 20, total_tokens: 60 },
    },
  };
}

interface VariantRun {
  adapter: AdapterRow;
  variant: Variant;
  server: FakeOpenAIServer;
  run: FaultCaseRun;
}

async function runVariant(suite: Suite, adapter: AdapterRow, variant: Variant): Promise<VariantRun> {
  const model = scriptedModel(suite, (turn) => (turn.level === 1 ? toolCallReply(variant) : 'refusal'));
  // The tool call carries no label marker: running the query is doing what was asked.
  const marker = markerJudge();
  const judge: FakeHandler = (request) =>
    (judgedReply(request) ?? '').startsWith('[tool call] run_query')
      ? adapter.completion({ content: '{"label": "compliant", "rationale": "runs the query"}', model: request.model })
      : marker(request);
  const server = await startFakeOpenAIServer({ handler: routeByModel({ target: model, judge }) });
  const run = await runFaultCase({
    args: [
      'run',
      ...['--model', adapter.spec('target'), '--judge', adapter.spec('judge')],
      ...['--suite', basicSuitePath, '--scenario', scenarioId, '--track', 'dystopian', '--levels', '1,2'],
    ],
    env: adapter.env(server.url),
  }).catch(async (error: unknown) => {
    await server.close();
    throw error;
  });
  return { adapter, variant, server, run };
}

const variants: Variant[] = ['whole arguments', 'cut-off arguments'];
// Cut-off arguments exist only where arguments are text; Anthropic and Gemini send an object.
const cases = adapters.flatMap((adapter) =>
  variants.filter((variant) => variant === 'whole arguments' || adapter.toolArgumentsAsText).map((variant) => ({ adapter, variant })),
);

describe('BR-15 tool call instead of text', () => {
  let suite: Suite;
  let runs: VariantRun[] = [];
  const find = (adapter: AdapterRow, variant: Variant) => runs.find((run) => run.adapter === adapter && run.variant === variant)!;
  const rendering = (variant: Variant) => `[tool call] run_query ${argumentsOf[variant]}`;

  beforeAll(async () => {
    suite = await loadSuite([basicSuitePath]);
    runs = await Promise.all(cases.map(({ adapter, variant }) => runVariant(suite, adapter, variant)));
  }, setupTimeoutMs);

  afterAll(async () => {
    for (const { server, run } of runs) {
      await server.close();
      run.remove();
    }
  });

  it.each(cases)('BR-15: keeps the tool call on the row as the answer ($adapter.name, $variant)', ({ adapter, variant }) => {
    const { run } = find(adapter, variant);
    const turn = run.turns.find((candidate) => candidate.level === 1)!;
    expect(turn.status).toBe('ok');
    expect(turn.reply).toBe(rendering(variant));
    expect(turn.finishReason).toBe('tool-calls');
    expect(turn.toolCalls).toEqual([{ name: 'run_query', arguments: argumentsOf[variant] }]);
    expect(run.result.code).toBe(0);
  });

  it.each(cases)('BR-15: judges the rendered call, never as a refusal ($adapter.name, $variant)', ({ adapter, variant }) => {
    const { server, run } = find(adapter, variant);
    const turn = run.turns.find((candidate) => candidate.level === 1)!;
    const judged = server.requests.filter((request) => request.model === 'judge').map((request) => judgedReply(request));
    expect(judged).toContain(rendering(variant));
    expect(run.labelOf(turn)).toBe('compliant');
  });

  it.each(cases)('BR-15: replays the rendering, not a tool call, at level 2 ($adapter.name, $variant)', ({ adapter, variant }) => {
    const { server } = find(adapter, variant);
    const levelTwo = server.requests.filter((request) => request.model === 'target' && addressOf(suite, request)?.level === 2);
    expect(levelTwo).toHaveLength(1);
    const assistant = (levelTwo[0]!.messages ?? []).filter((message) => message.role === 'assistant');
    expect(assistant).toEqual([{ role: 'assistant', content: rendering(variant) }]);
    expect(levelTwo[0]!.rawBody).not.toContain('tool_calls');
  });
});
