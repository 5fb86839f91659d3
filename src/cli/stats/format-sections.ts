import { labels } from '../../outcome/index.js';
import type { PanelReliability, RunStats, VerdictSetComparison } from '../../report/index.js';
import { fixed, formatDifference, formatPValue, formatRate, formatScore } from './format-estimate.js';
import { textTable } from './text-table.js';

/** Formats mean DCS and refusal rate by level on each track, with intervals: the escalation curve. */
export function formatLevels(stats: RunStats): string[] {
  const lines: string[] = [];
  for (const track of ['dystopian', 'benign'] as const) {
    const levels = [
      ...new Set(stats.estimates.flatMap((model) => model.byLevel.filter((entry) => entry.track === track).map((entry) => entry.level))),
    ].sort();
    if (levels.length === 0) continue;
    for (const [title, pick] of [
      ['mean DCS', (entry: (typeof stats.estimates)[number]['byLevel'][number]) => formatScore(entry.meanDcs)],
      ['refusal rate', (entry: (typeof stats.estimates)[number]['byLevel'][number]) => formatRate(entry.refusalRate)],
    ] as const) {
      lines.push(`${capitalise(title)} by level, ${track} track:`);
      lines.push(
        ...textTable(
          ['model', ...levels.map((level) => `L${level}`)],
          stats.estimates.map((model) => [
            model.model,
            ...levels.map((level) => {
              const entry = model.byLevel.find((candidate) => candidate.track === track && candidate.level === level);
              return entry ? `${pick(entry)} (${entry.meanDcs.n})` : '–';
            }),
          ]),
        ),
        '',
      );
    }
  }
  return trimEnd(lines);
}

/** Formats mean DCS by family on the dystopian track, with intervals and n. */
export function formatFamilies(stats: RunStats): string[] {
  const families = [...new Set(stats.estimates.flatMap((model) => model.byFamily.map((entry) => entry.family)))].sort();
  if (families.length === 0) return [];
  const rows = families.map((family) => [
    family,
    ...stats.estimates.map((model) => {
      const entry = model.byFamily.find((candidate) => candidate.family === family);
      return entry ? `${formatScore(entry.meanDcs)} (${entry.meanDcs.n})` : '–';
    }),
  ]);
  return [
    'Mean DCS by family, dystopian track (n scored):',
    ...textTable(['family', ...stats.estimates.map((model) => model.model)], rows),
  ];
}

/** Formats refusal onset and capitulation per model. */
export function formatEscalation(stats: RunStats): string[] {
  if (stats.escalation.length === 0) return [];
  const levels = [...new Set(stats.escalation.flatMap((model) => model.onset.map((entry) => entry.level)))].sort();
  const lines = ['Refusal onset: conversations by the level of their first refusal (dystopian track):'];
  lines.push(
    ...textTable(
      ['model', ...levels.map((level) => `L${level}`), 'never', 'conversations'],
      stats.escalation.map((model) => [
        model.model,
        ...levels.map((level) => String(model.onset.find((entry) => entry.level === level)?.conversations ?? 0)),
        String(model.neverRefused),
        String(model.conversations),
      ]),
    ),
    '',
    'Capitulation: of the conversations that refused before their last level, the share that complied later:',
    ...textTable(
      ['model', 'capitulation', 'n'],
      stats.escalation.map((model) => [model.model, formatRate(model.capitulation), String(model.capitulation.n)]),
    ),
  );
  return lines;
}

/** Formats every pair of models: differences with intervals and Holm-corrected p-values, and rank intervals. */
export function formatComparisons(stats: RunStats, only?: readonly [string, string]): string[] {
  const pairs = stats.comparisons.pairs.filter((pair) => !only || (only.includes(pair.first) && only.includes(pair.second)));
  const lines: string[] = [];
  if (pairs.length > 0) {
    lines.push('Differences between models (first minus second) from a paired bootstrap over the scenarios both scored:');
    lines.push(
      ...textTable(
        ['first', 'second', 'scenarios', 'Δ discernment', 'p', 'Holm p', 'Δ mean DCS', 'p', 'Holm p'],
        pairs.map((pair) => [
          pair.first,
          pair.second,
          String(pair.scenarios),
          formatDifference(pair.discernment),
          formatPValue(pair.discernment.pValue),
          formatPValue(pair.discernment.adjustedPValue),
          formatDifference(pair.meanDcs),
          formatPValue(pair.meanDcs.pValue),
          formatPValue(pair.meanDcs.adjustedPValue),
        ]),
      ),
      `p: two-sided, of no difference. Holm p: corrected across all ${stats.comparisons.pairs.length} pairs of models in the run, per figure.`,
    );
  }
  if (!only && stats.comparisons.ranks.length > 1) {
    lines.push('', 'Rank by discernment, with the 95 % range of ranks across resamples (1 is best):');
    lines.push(
      ...textTable(
        ['model', 'rank', 'range'],
        [...stats.comparisons.ranks]
          .sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity))
          .map((rank) => [
            rank.model,
            rank.rank === null ? 'n/a' : String(rank.rank),
            rank.low === null ? 'n/a' : `${rank.low}–${rank.high}`,
          ]),
      ),
    );
  }
  return lines;
}

/** Formats the panel rule, per-row agreement, and the agreement of other verdict sets with this one. */
export function formatJudges(stats: RunStats): string[] {
  const lines: string[] = [];
  if (stats.judges.length > 1) {
    lines.push(
      `Panel of ${stats.judges.length} judges: ${stats.tieRule}.`,
      'Agreement per scored reply (share of the votes that match the label):',
    );
    for (const model of stats.models) {
      const { rows, unanimous, mean } = model.dystopian.agreement;
      lines.push(`  ${model.model}: ${mean === null ? 'n/a' : fixed(mean, 2)} on average, ${unanimous}/${rows} unanimous`);
    }
  }
  if (stats.panel) lines.push('', ...formatPanel(stats.panel));
  for (const comparison of stats.verdictSets) lines.push(...(lines.length > 0 ? [''] : []), ...formatVerdictSet(stats.judges, comparison));
  return lines;
}

/** Formats the within-item spread across replicates, when the run has more than one. */
export function formatReplicates(stats: RunStats): string[] {
  const spread = stats.replicateSpread.filter((model) => model.items > 0);
  if (spread.length === 0) return [];
  return [
    'Replicates: spread of the DCS across replicates of the same item (scenario, track, level):',
    ...textTable(
      ['model', 'items', 'within-item SD', 'between-item SD', 'share of the spread from replicates'],
      spread.map((model) => [
        model.model,
        String(model.items),
        model.withinItemSd === null ? 'n/a' : fixed(model.withinItemSd, 1),
        model.betweenItemSd === null ? 'n/a' : fixed(model.betweenItemSd, 1),
        model.replicateShare === null ? 'n/a' : `${fixed(model.replicateShare * 100, 0)}%`,
      ]),
    ),
  ];
}

function formatPanel(panel: NonNullable<RunStats['panel']>): string[] {
  const row = (model: string, reliability: PanelReliability) => [
    model,
    String(reliability.rows),
    String(reliability.leftOut),
    reliability.fleissKappa === null ? 'n/a' : fixed(reliability.fleissKappa, 3),
    reliability.ordinalAlpha === null ? 'n/a' : fixed(reliability.ordinalAlpha, 3),
  ];
  return [
    'Agreement between the judges of the panel, over the replies every judge labelled:',
    ...textTable(
      ['model', 'replies', 'left out', "Fleiss' kappa", "Krippendorff's alpha (ordinal)"],
      [...panel.byModel.map(({ model, reliability }) => row(model, reliability)), row('all models', panel.overall)],
    ),
  ];
}

function formatVerdictSet(judges: readonly string[], comparison: VerdictSetComparison): string[] {
  const name = judges.length > 0 ? judges.join(', ') : 'the run';
  const row = (model: string, agreement: VerdictSetComparison['overall']) => [
    model,
    String(agreement.n),
    withInterval(agreement.exactAgreement, agreement.exactAgreementInterval),
    withInterval(agreement.kappa, agreement.kappaInterval),
    withInterval(agreement.weightedKappa, agreement.weightedKappaInterval),
  ];
  const lines = [
    `Agreement of ${comparison.judges} with ${name}, over the replies both labelled (${comparison.leftOut} labelled by only one, left out):`,
    ...textTable(
      ['model', 'n', 'exact', 'kappa', 'weighted kappa'],
      [...comparison.byModel.map(({ model, agreement }) => row(model, agreement)), row('all models', comparison.overall)],
    ),
    '',
    `Labels of ${name} (rows) against ${comparison.judges} (columns), all models:`,
  ];
  const matrix = comparison.overall.matrix;
  lines.push(
    ...textTable(
      ['', ...labels],
      labels.map((label) => [label, ...labels.map((column) => String(matrix[label][column]))]),
    ),
  );
  return lines;
}

function withInterval(value: number | null, interval: { low: number | null; high: number | null }): string {
  if (value === null) return 'n/a';
  const range = interval.low === null || interval.high === null ? '' : ` [${fixed(interval.low, 3)}, ${fixed(interval.high, 3)}]`;
  return `${fixed(value, 3)}${range}`;
}

function capitalise(text: string): string {
  return text[0]!.toUpperCase() + text.slice(1);
}

function trimEnd(lines: string[]): string[] {
  while (lines.at(-1) === '') lines.pop();
  return lines;
}
