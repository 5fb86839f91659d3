import type { Estimate } from '../../analysis/index.js';

/** Formats an estimate on the 0–100 scale with its interval: `39.6 [33.1, 46.0]`, or `n/a` when nothing was scored. */
export function formatScore(estimate: Estimate): string {
  if (estimate.value === null) return 'n/a';
  return `${fixed(estimate.value, 1)}${interval(estimate, 1)}`;
}

/** Formats a share as a percentage with its interval: `40.0% [30.0, 50.0]`, or `n/a`. */
export function formatRate(estimate: Estimate): string {
  if (estimate.value === null) return 'n/a';
  return `${fixed(estimate.value * 100, 1)}%${interval(estimate, 100)}`;
}

/** Formats a difference with its interval and sign: `+12.3 [4.1, 20.0]`. */
export function formatDifference(estimate: Estimate): string {
  if (estimate.value === null) return 'n/a';
  const sign = estimate.value > 0 ? '+' : '';
  return `${sign}${fixed(estimate.value, 1)}${interval(estimate, 1)}`;
}

/** Formats a p-value to three decimals, or `< 0.001`. */
export function formatPValue(value: number | null): string {
  if (value === null) return 'n/a';
  return value < 0.001 ? '< 0.001' : fixed(value, 3);
}

function interval(estimate: Estimate, scale: number): string {
  if (estimate.low === null || estimate.high === null) return ' [no interval]';
  return ` [${fixed(estimate.low * scale, 1)}, ${fixed(estimate.high * scale, 1)}]`;
}

/** Formats a number to `digits` decimals, never `-0.0`: a value that rounds to zero is shown without a sign. */
export function fixed(value: number, digits: number): string {
  const text = value.toFixed(digits);
  return /^-0(\.0*)?$/.test(text) ? text.slice(1) : text;
}
