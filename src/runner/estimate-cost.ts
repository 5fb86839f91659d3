import { costOfUsage, type PriceTable } from '../cost/index.js';
import type { CallEstimate } from './estimate-plan.js';
import type { RunLimits } from './run-config.js';

/** The estimated cost of a plan, and what it means for the run's budgets. */
export interface CostEstimate {
  /** The estimates, each with `costUsd` when its spec has a price. */
  estimates: CallEstimate[];
  /** US dollars for the whole plan; undefined when a spec has no price. */
  costUsd: number | undefined;
  /** Specs without a price. */
  unpriced: string[];
  /** Budgets the estimate goes over. */
  warnings: string[];
}

/**
 * Prices each model's and judge's estimated tokens with the price table that budgets use, and
 * warns when the plan's estimate goes over `maxCostUsd` or `maxTokens`.
 */
export function estimateCost({
  estimates,
  prices,
  limits,
}: {
  estimates: readonly CallEstimate[];
  prices: PriceTable;
  limits: Pick<RunLimits, 'maxCostUsd' | 'maxTokens'>;
}): CostEstimate {
  const priced = estimates.map((estimate) => {
    const price = prices.priceOf(estimate.spec)?.price;
    return price ? { ...estimate, costUsd: costOfUsage(estimate, price) } : { ...estimate };
  });
  const unpriced = priced.filter((estimate) => estimate.costUsd === undefined).map((estimate) => estimate.spec);
  const costUsd = unpriced.length > 0 ? undefined : priced.reduce((sum, estimate) => sum + (estimate.costUsd ?? 0), 0);
  const tokens = priced.reduce((sum, estimate) => sum + estimate.inputTokens + estimate.outputTokens, 0);

  const warnings: string[] = [];
  if (limits.maxCostUsd !== undefined && costUsd !== undefined && costUsd > limits.maxCostUsd) {
    warnings.push(
      `The estimated cost, $${costUsd.toFixed(costUsd < 0.1 ? 4 : 2)}, is above --max-cost $${limits.maxCostUsd}: the run would stop once it has spent that.`,
    );
  }
  if (limits.maxTokens !== undefined && tokens > limits.maxTokens) {
    warnings.push(
      `The estimated ${tokens} tokens are above --max-tokens ${limits.maxTokens}: the run would stop once it has used that many.`,
    );
  }
  return { estimates: priced, costUsd, unpriced, warnings };
}
