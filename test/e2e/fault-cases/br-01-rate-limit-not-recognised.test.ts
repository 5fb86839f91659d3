import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  markerJudge,
  routeByModel,
  sequence,
  startFakeOpenAIServer,
  type FakeOpenAIServer,
  type FakeResponse,
} from '../../helpers/index.js';
import { adapters, type AdapterRow } from './adapters.js';
import { oneTurnArgs, runFaultCase, setupTimeoutMs, type FaultCaseRun } from './run-fault-case.js';

// BR-01: a 429 crashed the error path with a TypeError, so nothing waited or retried.

const refusal = 'I can\u2019t help with that. [[L:refusal]]';
const proxyPage = '<html><body><h1>429 Too Many Requests</h1></body></html>';

type Variant = 'json' | 'html' | 'judge';

interface VariantRun {
  adapter: AdapterRow;
  variant: Variant;
  server: FakeOpenAIServer;
  run: FaultCaseRun;
}

function rateLimit(adapter: AdapterRow, variant: Variant): FakeResponse {
  if (variant !== 'html') return adapter.rateLimited({ 'retry-after': '2' });
  return { status: 429, headers: { 'content-type': 'text/html', 'retry-after': '2' }, body: proxyPage };
}

async function runVariant(adapter: AdapterRow, variant: Variant): Promise<VariantRun> {
  const target = adapter.completion({ content: refusal });
  const limited = rateLimit(adapter, variant);
  const server = await startFakeOpenAIServer({
    handler: routeByModel({
      target: variant === 'judge' ? target : sequence(limited, target),
      judge: variant === 'judge' ? sequence(limited, markerJudge()) : markerJudge(),
    }),
  });
  const run = await runFaultCase({
    args: ['run', '--model', adapter.spec('target'), '--judge', adapter.spec('judge'), ...oneTurnArgs],
    env: adapter.env(server.url),
  }).catch(async (error: unknown) => {
    await server.close();
    throw error;
  });
  return { adapter, variant, server, run };
}

const cases = adapters.flatMap((adapter) => (['json', 'html', 'judge'] as const).map((variant) => ({ adapter, variant })));

describe('BR-01 rate limit not recognised', () => {
  let runs: VariantRun[] = [];
  const find = (adapter: AdapterRow, variant: Variant) => runs.find((run) => run.adapter === adapter && run.variant === variant)!;

  beforeAll(async () => {
    runs = await Promise.all(cases.map(({ adapter, variant }) => runVariant(adapter, variant)));
  }, setupTimeoutMs);

  afterAll(async () => {
    for (const { server, run } of runs) {
      await server.close();
      run.remove();
    }
  });

  it.each(cases.filter((entry) => entry.variant === 'json'))(
    'BR-01: retries a 429 after its Retry-After and stores the refusal ($adapter.name)',
    ({ adapter }) => {
      const { server, run } = find(adapter, 'json');
      expectRetriedAfterTwoSeconds(server, 'target');
      expectOneRefusal(run);
    },
  );

  it.each(cases.filter((entry) => entry.variant === 'html'))(
    'BR-01 b: retries a proxy 429 with an HTML body the same way ($adapter.name)',
    ({ adapter }) => {
      const { server, run } = find(adapter, 'html');
      expectRetriedAfterTwoSeconds(server, 'target');
      expectOneRefusal(run);
    },
  );

  it.each(cases.filter((entry) => entry.variant === 'judge'))(
    'BR-01 c: retries a judge 429 and labels the turn, not errors it ($adapter.name)',
    ({ adapter }) => {
      const { server, run } = find(adapter, 'judge');
      expect(server.requests.filter((request) => request.model === 'target')).toHaveLength(1);
      expectRetriedAfterTwoSeconds(server, 'judge');
      expectOneRefusal(run);
      expect(run.verdicts).toHaveLength(1);
      expect(run.verdicts[0]!.attempts).toBe(2);
      expect(run.verdicts[0]!.unscoredReason).toBeNull();
    },
  );

  it.each(cases)('BR-01: shows no TypeError in the row or the output ($adapter.name, $variant)', ({ adapter, variant }) => {
    const { run } = find(adapter, variant);
    const everything = [run.result.stdout, run.result.stderr, JSON.stringify(run.turns), JSON.stringify(run.verdicts)].join('\n');
    expect(everything).not.toContain('TypeError');
    expect(run.result.code).toBe(0);
  });
});

function expectRetriedAfterTwoSeconds(server: FakeOpenAIServer, model: string): void {
  const requests = server.requests.filter((request) => request.model === model);
  expect(requests).toHaveLength(2);
  expect(requests[1]!.receivedAt - requests[0]!.receivedAt).toBeGreaterThanOrEqual(2000);
}

function expectOneRefusal(run: FaultCaseRun): void {
  expect(run.turns).toHaveLength(1);
  const [turn] = run.turns;
  expect(turn!.status).toBe('ok');
  expect(turn!.reply).toBe(refusal);
  expect(run.labelOf(turn!)).toBe('refusal');
}
