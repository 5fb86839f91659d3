import { costOfUsage, tokensOfUsage, type PriceTable } from '../cost/index.js';
import type { Store } from '../store/index.js';
import type { Spend } from './budget-meter.js';

/**
 * Adds up the tokens and estimated cost that a run's stored turns and verdicts record. Attempts
 * that were retried (an empty reply, an unparsable verdict) kept no usage, and verdicts keep no
 * cached or reasoning counts, so the sum can fall a little short of what was billed.
 */
export function measureStoredSpend({ store, runId, prices }: { store: Store; runId: string; prices: PriceTable }): Spend {
  const spend: Spend = { tokens: 0, costUsd: 0, unpriced: [] };
  const unpriced = new Set<string>();
  const add = (spec: string, usage: Parameters<typeof tokensOfUsage>[0]) => {
    const tokens = tokensOfUsage(usage);
    if (tokens === 0) return;
    spend.tokens += tokens;
    const price = prices.priceOf(spec)?.price;
    if (price) spend.costUsd += costOfUsage(usage, price);
    else unpriced.add(spec);
  };
  // Iterated, so a resumed run of 100,000 turns never keeps all of their replies in memory at once.
  // A reply reused from the cache cost nothing this time; its counts describe the original call.
  for (const turn of store.iterateTurns(runId)) if (turn.cachedFrom === undefined) add(turn.model, turn);
  for (const verdict of store.iterateVerdicts(runId)) add(verdict.judge, verdict);
  spend.unpriced = [...unpriced].sort();
  return spend;
}
