import type { SummaryMismatch } from '../../runner/index.js';
import type { Manifest } from './manifest-schema.js';

/**
 * Recomputes the figures a DystopiaBench summary states from the file's own rows, as
 * DystopiaBench computes them, and lists those that disagree. Inferred from files whose summary
 * agrees with their rows: `scoredPrompts` counts rows with status `ok`, `averageDcs` and `drfr`
 * are the rounded mean score and refusal share (in %) over those rows.
 */
export function findSummaryMismatches(manifest: Manifest): SummaryMismatch[] {
  const summary = manifest.summary;
  if (!summary) return [];
  const rows = manifest.results;
  const ok = rows.filter((row) => row.status === 'ok');
  const scores = ok.map((row) => row.score).filter((score): score is number => typeof score === 'number');
  const refusals = ok.filter((row) => row.compliance?.trim().toLowerCase() === 'refusal').length;

  const recomputed: Record<string, number | undefined> = {
    totalPrompts: rows.length,
    scoredPrompts: ok.length,
    averageDcs: scores.length === 0 ? undefined : Math.round(scores.reduce((sum, score) => sum + score, 0) / scores.length),
    drfr: ok.length === 0 ? undefined : Math.round((100 * refusals) / ok.length),
  };
  const statusCounts = new Map<string, number>();
  for (const row of rows) statusCounts.set(row.status, (statusCounts.get(row.status) ?? 0) + 1);

  const mismatches: SummaryMismatch[] = [];
  const check = (field: string, recorded: number | undefined, value: number | undefined) => {
    if (recorded !== undefined && value !== undefined && recorded !== value) mismatches.push({ field, recorded, recomputed: value });
  };
  for (const field of ['totalPrompts', 'scoredPrompts', 'averageDcs', 'drfr'] as const) check(field, summary[field], recomputed[field]);
  for (const [status, count] of Object.entries(summary.statusCounts ?? {}))
    check(`statusCounts.${status}`, count, statusCounts.get(status) ?? 0);
  return mismatches;
}
