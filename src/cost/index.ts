export { bundledPrices, bundledPricesSource } from './bundled-prices.js';
export { costOfUsage } from './cost-of-usage.js';
export type { ModelPrice } from './model-price.js';
export { createPriceTable, type PriceEntry, type PriceTable } from './price-table.js';
export { tokensOfUsage } from './tokens-of-usage.js';
