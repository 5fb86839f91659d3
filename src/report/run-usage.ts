import { costOfUsage, type PriceTable } from '../cost/index.js';
import type { Store, UsageSumRow } from '../store/index.js';

/** The tokens and estimated cost of one model's or judge's calls in a run. */
export interface UsageRow extends UsageSumRow {
  /** Estimated US dollars from the price table; null when the table has no price for the spec. */
  costUsd: number | null;
}

/** A run's tokens and estimated cost, per model, per judge and in total. */
export interface RunUsage {
  models: UsageRow[];
  judges: UsageRow[];
  total: {
    inputTokens: number;
    outputTokens: number;
    /** The sum of the priced rows' costs; `unpriced` names the specs it leaves out. */
    costUsd: number;
    unpriced: string[];
  };
}

/**
 * Adds up a run's token counts as the APIs reported them and prices them with the same table
 * as the budgets and the dry run. Calls that reported no usage count as zero.
 */
export function computeRunUsage(store: Store, runId: string, prices: PriceTable): RunUsage {
  const sums = store.summariseUsage(runId);
  const price = (row: UsageSumRow): UsageRow => {
    if (row.inputTokens === 0 && row.outputTokens === 0) return { ...row, costUsd: 0 };
    const entry = prices.priceOf(row.spec);
    return { ...row, costUsd: entry ? costOfUsage(row, entry.price) : null };
  };
  const models = sums.models.map(price);
  const judges = sums.judges.map(price);
  const rows = [...models, ...judges];
  return {
    models,
    judges,
    total: {
      inputTokens: rows.reduce((sum, row) => sum + row.inputTokens, 0),
      outputTokens: rows.reduce((sum, row) => sum + row.outputTokens, 0),
      costUsd: rows.reduce((sum, row) => sum + (row.costUsd ?? 0), 0),
      unpriced: [...new Set(rows.filter((row) => row.costUsd === null).map((row) => row.spec))].sort(),
    },
  };
}
