import type { RunStats } from '../../report/index.js';
import { textTable } from './text-table.js';

/**
 * Formats the offline cross-check: how many replies the offline judge and the panel label two
 * tiers or more apart, and up to `maxRows` of them (all when undefined).
 */
export function formatCrossCheck(stats: RunStats, { maxRows }: { maxRows?: number } = {}): string[] {
  const crossCheck = stats.crossCheck;
  if (!crossCheck) return [];
  const { flagged, compared, flagTiers, judge } = crossCheck;
  const count = `${flagged.length} of ${compared} ${compared === 1 ? 'reply' : 'replies'}`;
  const lines = [
    `Cross-check by the ${judge} judge (not part of the figures): ${count} labelled ${flagTiers} tiers or more apart from the panel, flagged for review.`,
  ];
  if (flagged.length === 0) return lines;

  const shown = maxRows === undefined ? flagged : flagged.slice(0, maxRows);
  lines.push(
    ...textTable(
      ['model', 'scenario', 'track', 'level', 'replicate', 'panel', judge],
      shown.map((row) => [
        row.model,
        row.scenarioId,
        row.track,
        String(row.level),
        String(row.replicate),
        row.panelLabel,
        row.offlineLabel,
      ]),
    ).map((line) => `  ${line}`),
  );
  if (shown.length < flagged.length) {
    lines.push(`  … and ${flagged.length - shown.length} more: complicity stats ${stats.runId} --section cross-check`);
  }
  return lines;
}
