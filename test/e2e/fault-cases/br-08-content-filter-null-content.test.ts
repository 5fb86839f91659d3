import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSuite } from '../../../src/suite/index.js';
import { markerJudge, routeByModel, startFakeOpenAIServer, type FakeOpenAIServer, type FakeResponse } from '../../helpers/index.js';
import { addressOf, scriptedModel } from '../scripted-model.js';
import { adapters, type AdapterRow } from './adapters.js';
import { basicSuitePath, runFaultCase, setupTimeoutMs, type FaultCaseRun } from './run-fault-case.js';

// BR-08: a reply with `finish_reason: "content_filter"` and `content: null` came back as an empty
// answer, with no sign that the provider's filter had stopped it.

const scenarioId = 'lead-results-notice';

/** The body of the public report, byte for byte. */
const filtered: FakeResponse = {
  body: {
    id: 'chatcmpl-1',
    object: 'chat.completion',
    created: 1741000000,
    model: 'gpt-test',
    choices: [
      {
        index: 0,
        finish_reason: 'content_filter',
        logprobs: null,
        message: { role: 'assistant', content: null, refusal: null, tool_calls: null },
      },
    ],
    usage: { prompt_tokens: 12, completion_tokens: 14, total_tokens: 26 },
  },
};

/** OpenAI's own way for a model to decline: the text sits in `refusal` and `content` is null. */
const refusalField: FakeResponse = {
  body: {
    id: 'chatcmpl-2',
    object: 'chat.completion',
    created: 1741000000,
    model: 'gpt-test',
    choices: [
      {
        index: 0,
        finish_reason: 'stop',
        logprobs: null,
        message: { role: 'assistant', content: null, refusal: 'I can\u2019t help with hiding test results. [[L:refusal]]' },
      },
    ],
    usage: { prompt_tokens: 12, completion_tokens: 14, total_tokens: 26 },
  },
};

type Variant = 'content filter' | 'refusal field' | string;

interface VariantRun {
  adapter: AdapterRow;
  variant: Variant;
  server: FakeOpenAIServer;
  run: FaultCaseRun;
}

async function runVariant(adapter: AdapterRow, variant: Variant): Promise<VariantRun> {
  const suite = await loadSuite([basicSuitePath]);
  const other = adapter.otherBlocks.find((block) => block.name === variant)?.reply;
  const reply = other ?? (variant === 'content filter' ? filtered : refusalField);
  const model = scriptedModel(suite, (turn) => (turn.level === 2 ? reply : 'compliant'));
  const server = await startFakeOpenAIServer({ handler: routeByModel({ target: model, judge: markerJudge() }) });
  const run = await runFaultCase({
    args: ['run', '--model', adapter.spec('target'), '--judge', adapter.spec('judge'), '--suite', basicSuitePath, '--scenario', scenarioId],
    env: adapter.env(server.url),
  }).catch(async (error: unknown) => {
    await server.close();
    throw error;
  });
  return { adapter, variant, server, run };
}

const variants: Variant[] = ['content filter', 'refusal field'];
const cases = adapters.flatMap((adapter) =>
  [...variants, ...adapter.otherBlocks.map((block) => block.name)].map((variant) => ({ adapter, variant })),
);
const otherBlocks = adapters.flatMap((adapter) => adapter.otherBlocks.map((block) => ({ adapter, ...block })));

describe('BR-08 content filter with null content', () => {
  let runs: VariantRun[] = [];
  let suite: Awaited<ReturnType<typeof loadSuite>>;
  const find = (adapter: AdapterRow, variant: Variant) => runs.find((run) => run.adapter === adapter && run.variant === variant)!;
  const levelRequests = (server: FakeOpenAIServer, level: number) =>
    server.requests.filter((request) => request.model === 'target' && addressOf(suite, request)?.level === level);

  beforeAll(async () => {
    suite = await loadSuite([basicSuitePath]);
    runs = await Promise.all(cases.map(({ adapter, variant }) => runVariant(adapter, variant)));
  }, setupTimeoutMs);

  afterAll(async () => {
    for (const { server, run } of runs) {
      await server.close();
      run.remove();
    }
  });

  it.each(adapters)('BR-08: stores a filtered reply as blocked with its raw finish reason ($name)', (adapter) => {
    const { run } = find(adapter, 'content filter');
    const turn = run.turns.find((candidate) => candidate.level === 2)!;
    expect(turn.status).toBe('blocked');
    expect(turn.statusKind).toBe(adapter.filteredReason);
    expect(turn.rawFinishReason).toBe(adapter.filteredReason);
    expect(turn.reply).toBeUndefined();
    expect(run.labelOf(turn)).toBeUndefined();
  });

  it.each(adapters)('BR-08: sends a filtered turn once and never to the judge ($name)', (adapter) => {
    const { server, run } = find(adapter, 'content filter');
    expect(levelRequests(server, 2)).toHaveLength(1);
    expect(server.requests.filter((request) => request.model === 'judge')).toHaveLength(1);
    expect(run.verdicts.map((verdict) => verdict.turnId)).toEqual([run.turns.find((turn) => turn.level === 1)!.id]);
  });

  it.each(adapters)('BR-08: ends the conversation instead of replaying a null answer ($name)', (adapter) => {
    const { server, run } = find(adapter, 'content filter');
    expect(levelRequests(server, 3)).toHaveLength(0);
    expect(run.turns.filter((turn) => turn.level > 2).map((turn) => turn.status)).toEqual(['skipped', 'skipped', 'skipped']);
    for (const request of server.requests) {
      for (const message of (request.messages ?? []).filter((candidate) => candidate.role === 'assistant')) {
        expect(typeof message.content).toBe('string');
        expect(message.content).not.toBe('');
      }
    }
  });

  it.each(adapters)('BR-08: counts a blocked reply apart from refusals ($name)', async (adapter) => {
    const stats = await find(adapter, 'content filter').run.cli(['stats', '--json']);
    type Summary = { byStatus: Record<string, number>; scored: number; labelCounts: Record<string, number> };
    const dystopian = (JSON.parse(stats.stdout) as { runs: { models: { dystopian: Summary }[] }[] }).runs[0]!.models[0]!.dystopian;
    expect(dystopian.byStatus['blocked']).toBe(1);
    expect(dystopian.scored).toBe(1);
    expect(dystopian.labelCounts['refusal']).toBe(0);
  });

  it.each(adapters)('BR-08: judges a refusal the model wrote in the refusal field ($name)', (adapter) => {
    const { server, run } = find(adapter, 'refusal field');
    const turn = run.turns.find((candidate) => candidate.level === 2)!;
    expect(turn.status).toBe('ok');
    expect(turn.reply).toContain('I can\u2019t help with hiding test results.');
    expect(run.labelOf(turn)).toBe('refusal');
    expect(levelRequests(server, 2)).toHaveLength(1);
  });

  it.each(otherBlocks)('BR-08: stores $name as blocked ($adapter.name)', ({ adapter, name, rawReason }) => {
    const { server, run } = find(adapter, name);
    const turn = run.turns.find((candidate) => candidate.level === 2)!;
    expect(turn.status).toBe('blocked');
    expect(turn.statusKind).toBe(rawReason);
    expect(turn.rawFinishReason).toBe(rawReason);
    expect(turn.reply).toBeUndefined();
    expect(levelRequests(server, 2)).toHaveLength(1);
    expect(levelRequests(server, 3)).toHaveLength(0);
  });
});
