import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  errorBody,
  markerJudge,
  routeByModel,
  sequence,
  startFakeOpenAIServer,
  type FakeOpenAIServer,
  type FakeReply,
} from '../../helpers/index.js';
import { adapters, type AdapterRow } from './adapters.js';
import { oneTurnArgs, runFaultCase, setupTimeoutMs, type FaultCaseRun } from './run-fault-case.js';

// BR-02: the client backed off on its own schedule and ignored the server's wait hints, so early
// retries failed again and used up the retry budget.

type Variant = 'milliseconds' | 'date' | 'missing' | 'unparsable' | 'own hint';

/** Two 429s with the variant's hint, then the answer; the date is computed as each 429 is sent. */
function script(adapter: AdapterRow, variant: Variant): FakeReply[] {
  const limited: FakeReply = () => {
    switch (variant) {
      case 'milliseconds':
        return adapter.rateLimited({ 'retry-after-ms': '3500' });
      case 'date':
        return adapter.rateLimited({ 'retry-after': new Date(Date.now() + 4000).toUTCString() });
      case 'missing':
        return { status: 429, body: errorBody({ message: 'Rate limit reached', type: 'requests', code: 'rate_limit_exceeded' }) };
      case 'unparsable':
        return adapter.rateLimited({ 'retry-after': 'soon', 'retry-after-ms': 'later' });
      case 'own hint':
        return adapter.ownRetryHint!;
    }
  };
  return [limited, limited, adapter.completion({ content: 'I will not do that. [[L:refusal]]' })];
}

interface VariantRun {
  adapter: AdapterRow;
  variant: Variant;
  server: FakeOpenAIServer;
  run: FaultCaseRun;
}

async function runVariant(adapter: AdapterRow, variant: Variant): Promise<VariantRun> {
  const server = await startFakeOpenAIServer({
    handler: routeByModel({ target: sequence(...script(adapter, variant)), judge: markerJudge() }),
  });
  const run = await runFaultCase({
    args: ['run', '--model', adapter.spec('target'), '--judge', adapter.spec('judge'), ...oneTurnArgs, '--max-retries', '3'],
    env: adapter.env(server.url),
  }).catch(async (error: unknown) => {
    await server.close();
    throw error;
  });
  return { adapter, variant, server, run };
}

const variants: Variant[] = ['milliseconds', 'date', 'missing', 'unparsable'];
const ownHintCases = adapters
  .filter((adapter) => adapter.ownRetryHint !== undefined)
  .map((adapter) => ({ adapter, variant: 'own hint' as const }));
const cases = [...adapters.flatMap((adapter) => variants.map((variant) => ({ adapter, variant }))), ...ownHintCases];

describe('BR-02 Retry-After ignored', () => {
  let runs: VariantRun[] = [];
  const find = (adapter: AdapterRow, variant: Variant) => runs.find((run) => run.adapter === adapter && run.variant === variant)!;
  const gapsOf = (server: FakeOpenAIServer) => {
    const times = server.requests.filter((request) => request.model === 'target').map((request) => request.receivedAt);
    return times.slice(1).map((time, index) => time - times[index]!);
  };

  beforeAll(async () => {
    runs = await Promise.all(cases.map(({ adapter, variant }) => runVariant(adapter, variant)));
  }, setupTimeoutMs);

  afterAll(async () => {
    for (const { server, run } of runs) {
      await server.close();
      run.remove();
    }
  });

  it.each(adapters)('BR-02 a: waits the retry-after-ms of 3.5 s before each retry ($name)', (adapter) => {
    const gaps = gapsOf(find(adapter, 'milliseconds').server);
    expect(gaps).toHaveLength(2);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(3500);
  });

  // An HTTP date has one-second resolution, so a date 4 s ahead may read as just over 3 s.
  it.each(adapters)('BR-02 b: waits until a Retry-After date before each retry ($name)', (adapter) => {
    const gaps = gapsOf(find(adapter, 'date').server);
    expect(gaps).toHaveLength(2);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(3000);
  });

  it.each(cases)('BR-02: succeeds on the third of 3 requests and stores ok ($adapter.name, $variant)', ({ adapter, variant }) => {
    const { server, run } = find(adapter, variant);
    expect(server.requests.filter((request) => request.model === 'target')).toHaveLength(3);
    expect(run.turns).toHaveLength(1);
    expect(run.turns[0]!.status).toBe('ok');
    expect(run.turns[0]!.attempts).toBe(3);
    expect(run.labelOf(run.turns[0]!)).toBe('refusal');
    expect(run.result.code).toBe(0);
  });

  // Anthropic's retry-after of 3 s with its error body, and Gemini's RetryInfo
  // delay of 3 s, which is only in the body.
  it.each(ownHintCases)("BR-02: waits the API's own 3 s hint before each retry ($adapter.name)", ({ adapter }) => {
    const gaps = gapsOf(find(adapter, 'own hint').server);
    expect(gaps).toHaveLength(2);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(3000);
  });

  // The default backoff starts at 1 s, half of it fixed and half random, then doubles.
  it.each(cases.filter(({ variant }) => variant === 'missing' || variant === 'unparsable'))(
    'BR-02: falls back to its own backoff without a usable hint ($adapter.name, $variant)',
    ({ adapter, variant }) => {
      const [first, second] = gapsOf(find(adapter, variant).server);
      expect(first).toBeGreaterThanOrEqual(500);
      expect(second).toBeGreaterThanOrEqual(1000);
      expect(first).toBeLessThan(3500);
      expect(second).toBeLessThan(5000);
    },
  );
});
