import { createRandom } from '../../src/analysis/create-random.js';

/** Where a kill lands: while a model call or a judge call is in flight, or inside a store write. */
export type CrashPointKind = 'model-call' | 'judge-call' | 'store-write';

/** One planned kill: the `ordinal`th event of its kind in the process, counted from 1. */
export interface CrashPoint {
  kind: CrashPointKind;
  ordinal: number;
}

/**
 * Plans `count` kills from `seed`: the kinds take turns as evenly as `count` allows, in a
 * shuffled order, and each ordinal is drawn uniformly from 1 to the kind's maximum.
 *
 * @example
 * planCrashPoints({ seed: 7, count: 20, maxOrdinals: { 'model-call': 6, 'judge-call': 6, 'store-write': 12 } })
 */
export function planCrashPoints({
  seed,
  count,
  maxOrdinals,
}: {
  seed: number;
  count: number;
  maxOrdinals: Record<CrashPointKind, number>;
}): CrashPoint[] {
  const random = createRandom(seed);
  const kinds = Object.keys(maxOrdinals) as CrashPointKind[];
  const order = Array.from({ length: count }, (_, index) => kinds[index % kinds.length]!);

  // Fisher-Yates shuffle, so the kinds come in no fixed rotation.
  for (let index = order.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    [order[index], order[other]] = [order[other]!, order[index]!];
  }
  return order.map((kind) => ({ kind, ordinal: 1 + Math.floor(random() * maxOrdinals[kind]) }));
}
