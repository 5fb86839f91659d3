import { describe, expect, it } from 'vitest';
import { createPriceTable } from '../cost/index.js';
import { Store } from '../store/index.js';
import { computeRunUsage } from './run-usage.js';

function storeWithCalls(): Store {
  const store = Store.open(':memory:');
  const now = '2026-12-05T10:00:00.000Z';
  store.createRun({
    id: 'r',
    createdAt: now,
    updatedAt: now,
    status: 'complete',
    suiteHash: 'h',
    config: {},
    scenarios: [],
    complicityVersion: '0',
  });
  const key = { scenarioId: 's', track: 'dystopian' as const, replicate: 1 };
  const turnId = store.saveTurn({
    runId: 'r',
    ...key,
    model: 'openai:priced',
    level: 1,
    status: 'ok',
    prompt: 'p',
    reply: 'r',
    attempts: 1,
    finishedAt: now,
    inputTokens: 1_000_000,
    cachedInputTokens: 500_000,
    outputTokens: 200_000,
  });
  store.saveTurn({
    runId: 'r',
    ...key,
    model: 'openai:unpriced',
    level: 1,
    status: 'ok',
    prompt: 'p',
    attempts: 1,
    finishedAt: now,
    inputTokens: 5,
  });
  store.saveTurn({ runId: 'r', ...key, model: 'openai:silent', level: 1, status: 'ok', prompt: 'p', attempts: 1, finishedAt: now });
  store.saveVerdict({
    turnId,
    judge: 'offline',
    label: 'refusal',
    unscoredReason: null,
    promptVersion: 'v',
    promptHash: 'h',
    attempts: 0,
    createdAt: now,
  });
  return store;
}

describe('computeRunUsage', () => {
  const prices = createPriceTable({ configured: { 'openai:priced': { input: 2, cachedInput: 1, output: 10 } } });

  it('prices each row with its own rates', () => {
    const usage = computeRunUsage(storeWithCalls(), 'r', prices);

    expect(usage.models.find((row) => row.spec === 'openai:priced')!.costUsd).toBeCloseTo(0.5 * 2 + 0.5 * 1 + 0.2 * 10, 12);
  });

  it('marks a row without a price', () => {
    const usage = computeRunUsage(storeWithCalls(), 'r', prices);

    expect(usage.models.find((row) => row.spec === 'openai:unpriced')!.costUsd).toBeNull();
    expect(usage.total.unpriced).toEqual(['openai:unpriced']);
  });

  it('costs nothing without tokens', () => {
    const usage = computeRunUsage(storeWithCalls(), 'r', prices);

    expect(usage.models.find((row) => row.spec === 'openai:silent')!.costUsd).toBe(0);
    expect(usage.judges).toEqual([expect.objectContaining({ spec: 'offline', costUsd: 0 })]);
  });

  it('totals tokens and priced cost', () => {
    const usage = computeRunUsage(storeWithCalls(), 'r', prices);

    expect(usage.total).toMatchObject({ inputTokens: 1_000_005, outputTokens: 200_000 });
    expect(usage.total.costUsd).toBeCloseTo(3.5, 12);
  });
});
