import { bundledPrices } from './bundled-prices.js';
import type { ModelPrice } from './model-price.js';

/** A price found for a model spec, and whether the config file or the bundled table gave it. */
export interface PriceEntry {
  price: ModelPrice;
  source: 'config' | 'bundled';
  /** The key that matched: the spec itself, or a prefix key such as `ollama:*`. */
  key: string;
}

/** Looks up the price of a model spec. */
export interface PriceTable {
  priceOf(spec: string): PriceEntry | undefined;
}

/**
 * Creates the price table of a run: the config file's `prices:` over the bundled ones. An exact
 * key wins over a prefix key (`openai:*`), and a longer prefix over a shorter one, whichever
 * table it is in; between two equal keys the config file wins.
 */
export function createPriceTable({ configured = {} }: { configured?: Readonly<Record<string, ModelPrice>> } = {}): PriceTable {
  const entries = [
    ...Object.entries(configured).map(([key, price]) => ({ key, price, source: 'config' as const })),
    ...Object.entries(bundledPrices).map(([key, price]) => ({ key, price, source: 'bundled' as const })),
  ];
  return {
    priceOf(spec) {
      const exact = entries.find((entry) => entry.key === spec);
      if (exact) return exact;
      const prefixes = entries.filter((entry) => entry.key.endsWith('*') && spec.startsWith(entry.key.slice(0, -1)));
      // Sorting is stable, so between prefixes of equal length the config file's stays first.
      return prefixes.sort((a, b) => b.key.length - a.key.length)[0];
    },
  };
}
