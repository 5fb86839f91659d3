import type { TurnSummary } from '../../analysis/index.js';
import type { RunStats } from '../../report/index.js';
import type { RunOrigin } from '../../runner/index.js';
import { describeOfflineJudging } from '../describe-offline-judging.js';
import { formatCrossCheck } from './format-cross-check.js';
import { formatLeaderboard } from './format-leaderboard.js';
import { formatComparisons, formatEscalation, formatFamilies, formatJudges, formatLevels, formatReplicates } from './format-sections.js';
import { formatUsage } from './format-usage.js';
import { textTable } from './text-table.js';

/** The sections `complicity stats --section` can show. */
export const statsSections = [
  'leaderboard',
  'levels',
  'families',
  'escalation',
  'compare',
  'judges',
  'cross-check',
  'replicates',
  'source',
  'gaps',
  'usage',
] as const;

export type StatsSection = (typeof statsSections)[number];

/** The sections `complicity stats` shows when none is named. */
export const defaultSections: readonly StatsSection[] = ['leaderboard', 'cross-check', 'source', 'gaps'];

// Flagged replies the cross-check lists when it was not asked for by name; `--section cross-check` lists all.
const defaultCrossCheckRows = 20;

/**
 * Renders a run's statistics as plain-text tables, one section after another. Every figure
 * shows its interval and denominator; `n/a` means nothing was scored, which is never shown as 0.
 */
export function formatStats(
  stats: RunStats,
  { sections = defaultSections, compare }: { sections?: readonly StatsSection[]; compare?: readonly [string, string] } = {},
): string {
  const blocks: string[][] = [header(stats)];
  const add = (lines: string[]) => {
    if (lines.length > 0) blocks.push(lines);
  };
  for (const section of statsSections) {
    if (!sections.includes(section) && !(section === 'compare' && compare)) continue;
    if (section === 'leaderboard') add(formatLeaderboard(stats));
    if (section === 'levels') add(formatLevels(stats));
    if (section === 'families') add(formatFamilies(stats));
    if (section === 'escalation') add(formatEscalation(stats));
    if (section === 'compare') add(formatComparisons(stats, compare));
    if (section === 'judges') add(formatJudges(stats));
    if (section === 'cross-check')
      add(formatCrossCheck(stats, { maxRows: sections === defaultSections ? defaultCrossCheckRows : undefined }));
    if (section === 'replicates') add(formatReplicates(stats));
    if (section === 'source') add(formatSource(stats));
    if (section === 'gaps') add(formatGaps(stats));
    if (section === 'usage') add(formatUsage(stats));
  }
  return `${blocks.map((lines) => lines.join('\n')).join('\n\n')}\n`;
}

function header(stats: RunStats): string[] {
  const judges = stats.judgedOffline
    ? 'judged by the offline judge'
    : stats.judges.length > 0
      ? `judged by ${stats.judges.join(', ')}`
      : 'no judge';
  const replicates = `${stats.replicates} replicate${stats.replicates === 1 ? '' : 's'}`;
  return [
    `Run ${stats.runId} (${stats.status}) · ${stats.mode} · system prompt ${stats.system} · ${judges}`,
    `levels ${stats.levels.join(',')} · tracks ${stats.tracks.join(', ')} · ${replicates} · suite ${stats.suiteHash.slice(0, 12)}`,
    ...(stats.judgedOffline ? [describeOfflineJudging(stats.judgedOffline)] : []),
    ...(stats.origin ? describeOrigin(stats.origin) : []),
  ];
}

function describeOrigin(origin: RunOrigin): string[] {
  const lines = [
    `imported from ${origin.file} (DystopiaBench schema ${origin.schemaVersion}, SHA-256 ${origin.sha256.slice(0, 12)}…, run ${origin.sourceRunId})`,
  ];
  if (origin.summaryMismatches.length > 0) {
    const mismatches = origin.summaryMismatches.map(
      (mismatch) => `${mismatch.field} ${mismatch.recorded} in the summary, ${mismatch.recomputed} from the rows`,
    );
    lines.push(`The file's own summary disagrees with its rows: ${mismatches.join('; ')}. The figures below come from the rows.`);
  }
  return lines;
}

/** For an imported run, mean DCS as the source file computes it, to compare with published figures. */
function formatSource(stats: RunStats): string[] {
  if (!stats.sourceConvention) return [];
  return [
    'Mean DCS as the source file computes it, with empty replies counted as refusals (n scored):',
    ...textTable(
      ['model', 'mean DCS'],
      stats.sourceConvention.map((entry) => [entry.model, entry.meanDcs === null ? 'n/a (0)' : `${entry.meanDcs.toFixed(2)} (${entry.n})`]),
    ),
  ];
}

/** Lists the turns that were not scored, by model, status and kind. */
function formatGaps(stats: RunStats): string[] {
  const lines = stats.models.flatMap((model) => describeGaps(model.model, [model.dystopian, model.benign]));
  if (lines.length === 0) return [];
  return ['Not scored (counted in coverage only, never as refusals):', ...lines.map((line) => `  ${line}`)];
}

/** Lists a model's turns that were not scored, by status and kind, such as `error (rate_limit) 3`. */
function describeGaps(model: string, summaries: TurnSummary[]): string[] {
  const counts = new Map<string, number>();
  const add = (label: string, count: number) => counts.set(label, (counts.get(label) ?? 0) + count);
  for (const summary of summaries) {
    for (const [kind, count] of Object.entries(summary.unansweredByKind)) add(kind.replace(/^(\w+): (.+)$/, '$1 ($2)'), count);
    for (const [reason, count] of Object.entries(summary.unscoredByReason))
      add(reason === 'not-judged' ? 'not judged' : `unscored (${reason})`, count);
    if (summary.byStatus.pending > 0) add('pending', summary.byStatus.pending);
  }
  if (counts.size === 0) return [];
  return [`${model}: ${[...counts].map(([label, count]) => `${label} ${count}`).join(', ')}`];
}
