import type { ModelEstimates } from '../../src/report/site/site-data.js';

/** A figure with its 95 % interval and its denominator; the contract's `Estimate`. */
export type Estimate = ModelEstimates['discernment'];

/**
 * Formats a number to `digits` decimals with a typographic minus, `−4.1`, and never `−0.0`: a
 * value that rounds to zero is shown without a sign.
 */
export function fixed(value: number, digits: number): string {
  const text = value.toFixed(digits);
  if (/^-0(\.0*)?$/.test(text)) return text.slice(1);
  return text.replace(/^-/, '\u2212');
}

/** Formats a score on the 0–100 scale, `n/a` when nothing was scored. */
export function formatScore(value: number | null): string {
  return value === null ? 'n/a' : fixed(value, 1);
}

/** Formats a share from 0 to 1 as a percentage, `n/a` when nothing was scored. */
export function formatRate(value: number | null): string {
  return value === null ? 'n/a' : `${fixed(value * 100, 1)}%`;
}

/** Formats a signed difference, `+12.3`, `−4.0` or `n/a`; `scale` turns shares into points. */
export function formatDifference(value: number | null, scale = 1): string {
  if (value === null) return 'n/a';
  const text = fixed(value * scale, 1);
  return value > 0 && text !== '0.0' ? `+${text}` : text;
}

/**
 * Formats an interval as `[75.8, 92.7]`, or `no interval` when it has none; `scale` turns
 * shares into percentages. A null value has no interval either.
 */
export function formatInterval(estimate: { value: number | null; low: number | null; high: number | null }, scale = 1): string {
  if (estimate.value === null) return '';
  if (estimate.low === null || estimate.high === null) return 'no interval';
  return `[${fixed(estimate.low * scale, 1)}, ${fixed(estimate.high * scale, 1)}]`;
}

/** Formats a p-value to three decimals, `< 0.001` below that, or `n/a`. */
export function formatPValue(value: number | null): string {
  if (value === null) return 'n/a';
  return value < 0.001 ? '< 0.001' : fixed(value, 3);
}

/** Formats an agreement statistic such as kappa to two decimals, or `n/a`. */
export function formatStatistic(value: number | null): string {
  return value === null ? 'n/a' : fixed(value, 2);
}

/** The exact value of a figure for a `data-*` attribute: the number as JSON writes it, or `null`. */
export function dataValue(value: number | null | undefined): string {
  return value === null || value === undefined ? 'null' : String(value);
}

/** Formats an ISO timestamp as a short UTC date and time, `2026-03-01 14:05 UTC`. */
export function formatTimestamp(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** Formats a count with a noun, `1 scenario`, `3 scenarios`. */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}
