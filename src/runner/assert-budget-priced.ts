import type { PriceTable } from '../cost/index.js';
import { UsageError } from '../error/index.js';
import { offlineJudgeSpec } from '../judge/index.js';
import type { RunLimits } from './run-config.js';

/**
 * Throws a `UsageError` when `maxCostUsd` is set and a model or judge has no price, because the
 * run could not count what that model costs. Names each such spec and how to add a price.
 */
export function assertBudgetPriced({
  specs,
  prices,
  limits,
}: {
  specs: readonly string[];
  prices: PriceTable;
  limits: Partial<Pick<RunLimits, 'maxCostUsd'>>;
}): void {
  if (limits.maxCostUsd === undefined) return;
  const unpriced = [...new Set(specs)].filter((spec) => spec !== offlineJudgeSpec && prices.priceOf(spec) === undefined);
  if (unpriced.length === 0) return;

  const names = unpriced.map((spec) => `"${spec}"`).join(', ');
  const example = `prices: { "${unpriced[0]}": { input: 0.5, output: 1.5 } }`;
  throw new UsageError({
    message: `--max-cost needs a price for every model and judge, and ${names} ${unpriced.length === 1 ? 'has' : 'have'} none. Add ${unpriced.length === 1 ? 'it' : 'them'} to complicity.config.yaml in US dollars per million tokens, such as ${example}, or leave out --max-cost (--max-tokens needs no price).`,
  });
}
