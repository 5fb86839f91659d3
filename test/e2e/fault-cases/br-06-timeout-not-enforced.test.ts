import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSuite, type Suite } from '../../../src/suite/index.js';
import {
  chatCompletionChunk,
  judgedReply,
  markerJudge,
  routeByModel,
  startFakeOpenAIServer,
  type FakeHandler,
  type FakeOpenAIServer,
  type FakeRequest,
  type FakeResponse,
} from '../../helpers/index.js';
import { addressOf, scriptedModel } from '../scripted-model.js';
import { adapters, type AdapterRow } from './adapters.js';
import { basicSuitePath, runFaultCase, type FaultCaseRun } from './run-fault-case.js';

// BR-06: a provider adapter never applied the request timeout, so a call set to give up after 1 s
// ran for 18 s and returned the whole text.

const partial = 'Sure, step one';
const stalledScenario = 'lead-results-notice';
const healthyScenario = 'night-shift-sedation';

type Variant = 'stream stalls after one event' | 'no headers' | 'judge stalls';

const stalls: Record<Variant, FakeResponse> = {
  'stream stalls after one event': { hang: 'after-headers', sse: [chatCompletionChunk({ delta: { content: partial } })] },
  'no headers': { hang: 'before-headers' },
  'judge stalls': { hang: 'before-headers' },
};

interface VariantRun {
  adapter: AdapterRow;
  variant: Variant;
  server: FakeOpenAIServer;
  run: FaultCaseRun;
  /** When the client closed each stalled request, by request index, in ms since the epoch. */
  closedAt: Map<number, number>;
}

/** Records when the client gives up on a request, which the fake server marks as closed early. */
function watchClose(request: FakeRequest, closedAt: Map<number, number>): void {
  const timer = setInterval(() => {
    if (!request.closedEarly) return;
    closedAt.set(request.index, Date.now());
    clearInterval(timer);
  }, 10);
  timer.unref();
}

async function runVariant(suite: Suite, adapter: AdapterRow, variant: Variant): Promise<VariantRun> {
  const closedAt = new Map<number, number>();
  const stall: FakeHandler = (request) => {
    watchClose(request, closedAt);
    return stalls[variant];
  };
  const isStalledTurn = (request: FakeRequest) => {
    const address = addressOf(suite, request);
    return address?.scenarioId === stalledScenario && address.level === 1;
  };
  const model = scriptedModel(suite, () => 'compliant');
  const judge = markerJudge();
  const handler = routeByModel({
    target: (request) => (variant !== 'judge stalls' && isStalledTurn(request) ? stall(request) : model(request)),
    judge: (request) =>
      variant === 'judge stalls' && (judgedReply(request) ?? '').includes(`Reply to ${stalledScenario} L1.`)
        ? stall(request)
        : judge(request),
  });
  const server = await startFakeOpenAIServer({ handler });
  const run = await runFaultCase({
    args: [
      'run',
      ...['--model', adapter.spec('target'), '--judge', adapter.spec('judge')],
      ...['--suite', basicSuitePath, '--scenario', stalledScenario, '--scenario', healthyScenario, '--track', 'dystopian'],
      ...['--timeout', '2', '--max-retries', '1'],
    ],
    env: adapter.env(server.url),
  }).catch(async (error: unknown) => {
    await server.close();
    throw error;
  });
  return { adapter, variant, server, run, closedAt };
}

const targetVariants: Variant[] = ['stream stalls after one event', 'no headers'];
const cases = adapters.flatMap((adapter) => [...targetVariants, 'judge stalls' as const].map((variant) => ({ adapter, variant })));
const targetCases = cases.filter(({ variant }) => variant !== 'judge stalls');

describe('BR-06 request timeout not enforced', () => {
  const runs: VariantRun[] = [];
  const find = (adapter: AdapterRow, variant: Variant) => runs.find((run) => run.adapter === adapter && run.variant === variant)!;

  beforeAll(async () => {
    const suite = await loadSuite([basicSuitePath]);
    // One adapter at a time. With every run started at once, a CLI starved of CPU starts its
    // timeout clock well before the request arrives, so the measured hold reads short.
    for (const adapter of adapters) {
      const adapterCases = cases.filter((candidate) => candidate.adapter === adapter);
      runs.push(...(await Promise.all(adapterCases.map(({ variant }) => runVariant(suite, adapter, variant)))));
    }
  }, 90_000);

  afterAll(async () => {
    for (const { server, run } of runs) {
      await server.close();
      run.remove();
    }
  });

  // About two seconds. The client's clock starts before the request reaches the server, which takes
  // over half a second on a loaded machine, and other tests share the machine, hence the loose bounds.
  it.each(cases)('BR-06: cuts each of 2 attempts off at about 2 s ($adapter.name, $variant)', ({ adapter, variant }) => {
    const { server, closedAt } = find(adapter, variant);
    const stalled = server.requests.filter((request) => closedAt.has(request.index) || request.closedEarly);
    expect(stalled).toHaveLength(2);
    for (const request of stalled) {
      const heldMs = closedAt.get(request.index)! - request.receivedAt;
      expect(heldMs).toBeGreaterThanOrEqual(1000);
      expect(heldMs).toBeLessThan(3500);
    }
  });

  it.each(targetCases)('BR-06: stores a timeout error, not the partial reply ($adapter.name, $variant)', ({ adapter, variant }) => {
    const { run } = find(adapter, variant);
    const turn = run.turns.find((candidate) => candidate.scenarioId === stalledScenario && candidate.level === 1)!;
    expect(turn.status).toBe('error');
    expect(turn.statusKind).toBe('timeout');
    expect(turn.attempts).toBe(2);
    expect(turn.reply).toBeUndefined();
    expect(JSON.stringify(run.turns)).not.toContain(partial);
    expect(run.labelOf(turn)).toBeUndefined();
  });

  it.each(targetCases)('BR-06: never sends the partial reply to the judge ($adapter.name, $variant)', ({ adapter, variant }) => {
    const { server } = find(adapter, variant);
    for (const request of server.requests.filter((candidate) => candidate.model === 'judge')) {
      expect(request.rawBody).not.toContain(partial);
    }
  });

  it.each(targetCases)('BR-06: ends the stalled turn within about 6 s ($adapter.name, $variant)', ({ adapter, variant }) => {
    const turn = find(adapter, variant).run.turns.find((candidate) => candidate.scenarioId === stalledScenario && candidate.level === 1)!;
    expect(Date.parse(turn.finishedAt) - Date.parse(turn.startedAt!)).toBeLessThan(6500);
  });

  it.each(cases)('BR-06: completes the other scenario in the same run ($adapter.name, $variant)', ({ adapter, variant }) => {
    const { run } = find(adapter, variant);
    const healthy = run.turns.filter((turn) => turn.scenarioId === healthyScenario);
    expect(healthy.map((turn) => turn.status)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
    for (const turn of healthy) expect(run.labelOf(turn)).toBe('compliant');
  });

  it.each(adapters)('BR-06: leaves a timed-out judge call unscored ($name)', (adapter) => {
    const { run } = find(adapter, 'judge stalls');
    const turn = run.turns.find((candidate) => candidate.scenarioId === stalledScenario && candidate.level === 1)!;
    expect(turn.status).toBe('ok');
    const verdict = run.verdicts.find((candidate) => candidate.turnId === turn.id)!;
    expect(verdict.label).toBeNull();
    expect(verdict.unscoredReason).toBe('judge_error');
    expect(verdict.attempts).toBe(2);
    expect(verdict.errorMessage).toContain('timed out');
    expect(run.labelOf(turn)).toBeNull();
  });
});
