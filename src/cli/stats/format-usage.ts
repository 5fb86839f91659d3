import type { RunStats, UsageRow } from '../../report/index.js';
import { formatDollars } from '../format-dollars.js';
import { textTable } from './text-table.js';

/** Renders the `usage` section: tokens and estimated cost per model and judge, then the run's total. */
export function formatUsage(stats: RunStats): string[] {
  const { usage } = stats;
  const rows = [...usage.models.map((row) => toCells('model', row)), ...usage.judges.map((row) => toCells('judge', row))];
  if (rows.length === 0) return [];
  const unpriced =
    usage.total.unpriced.length > 0
      ? ` (leaves out ${usage.total.unpriced.join(', ')}: no price; add one under prices: in complicity.config.yaml)`
      : '';
  return [
    'Tokens and estimated cost (as the APIs reported them; replies reused from the cache count none)',
    ...textTable(['', 'spec', 'turns', 'reused', 'input', 'cached input', 'output', 'reasoning', 'cost'], rows),
    `total: ${usage.total.inputTokens} input and ${usage.total.outputTokens} output tokens, ${formatDollars(usage.total.costUsd)}${unpriced}`,
  ];
}

function toCells(kind: 'model' | 'judge', row: UsageRow): string[] {
  return [
    kind,
    row.spec,
    String(row.calls),
    String(row.reused),
    String(row.inputTokens),
    String(row.cachedInputTokens),
    String(row.outputTokens),
    String(row.reasoningTokens),
    row.costUsd === null ? 'no price' : formatDollars(row.costUsd),
  ];
}
