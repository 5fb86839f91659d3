import { describe, expect, it } from 'vitest';

import { createPriceTable } from '../cost/index.js';
import { BudgetMeter, type Spend } from './budget-meter.js';
import { BudgetStop } from './budget-stop.js';
import type { RunEvent } from './run-event.js';

const prices = createPriceTable({ configured: { 'openai:a': { input: 1_000, output: 2_000 } } });
const nothingSpent: Spend = { tokens: 0, costUsd: 0, unpriced: [] };

function meter({ limits = {}, spent = nothingSpent }: { limits?: { maxCostUsd?: number; maxTokens?: number }; spent?: Spend } = {}) {
  const events: RunEvent[] = [];
  const budget = new BudgetMeter({ runId: 'r1', limits, prices, spent, emit: (event) => events.push(event) });
  return { budget, events };
}

describe('BudgetMeter', () => {
  it('adds tokens and cost', () => {
    const { budget } = meter();

    budget.record('openai:a', { inputTokens: 100, outputTokens: 50 });
    budget.record('openai:a', { inputTokens: 100, outputTokens: 50 });

    expect(budget.spend.tokens).toBe(300);
    expect(budget.spend.costUsd).toBeCloseTo(2 * (0.1 + 0.1), 10);
    expect(budget.reached).toBeUndefined();
  });

  it('stops at the token budget', () => {
    const { budget, events } = meter({ limits: { maxTokens: 250 } });
    const signal = budget.gate('openai:a', new AbortController().signal);

    budget.record('openai:a', { inputTokens: 100, outputTokens: 50 });
    expect(signal.aborted).toBe(false);
    budget.record('openai:a', { inputTokens: 100, outputTokens: 50 });

    expect(signal.aborted).toBe(true);
    expect(signal.reason).toBeInstanceOf(BudgetStop);
    expect(budget.reached?.budget).toBe('tokens');
    expect(events.filter((event) => event.type === 'budget-reached')).toHaveLength(1);
  });

  it('stops at the cost budget', () => {
    const { budget, events } = meter({ limits: { maxCostUsd: 0.3 } });

    budget.record('openai:a', { inputTokens: 100, outputTokens: 50 });
    budget.record('openai:a', { inputTokens: 100, outputTokens: 50 });

    expect(budget.reached?.budget).toBe('cost');
    expect(events.at(-1)).toMatchObject({ type: 'budget-reached', budget: 'cost', spend: { tokens: 300 } });
    expect((events.at(-1) as { message: string }).message).toBe('--max-cost $0.3 reached: an estimated $0.4000 spent on 300 tokens');
  });

  it('stops at once on an earlier spend', () => {
    const { budget } = meter({ limits: { maxTokens: 100 }, spent: { tokens: 120, costUsd: 0, unpriced: [] } });

    budget.check();

    expect(budget.gate('openai:a', new AbortController().signal).aborted).toBe(true);
  });

  it('leaves the offline judge ungated', () => {
    const { budget } = meter({ limits: { maxTokens: 1 } });
    const base = new AbortController().signal;

    budget.record('openai:a', { inputTokens: 5 });

    expect(budget.gate('offline', base)).toBe(base);
    expect(budget.gate('openai:a', base).aborted).toBe(true);
  });

  it('lists a spec without a price', () => {
    const { budget } = meter();

    budget.record('local-qwen', { inputTokens: 10, outputTokens: 10 });

    expect(budget.spend).toEqual({ tokens: 20, costUsd: 0, unpriced: ['local-qwen'] });
  });

  it('warns once about a reply without usage', () => {
    const { budget, events } = meter({ limits: { maxTokens: 100 } });

    budget.record('openai:a', {});
    budget.record('openai:a', undefined);

    expect(events).toEqual([{ type: 'warning', message: 'openai:a returned no token usage, so the budget cannot count its calls.' }]);
  });
});
