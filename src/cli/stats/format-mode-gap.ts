import type { ModeGap } from '../../report/index.js';
import { formatDifference, formatPValue } from './format-estimate.js';
import { textTable } from './text-table.js';

/** Formats the gap between a stateful and a stateless run of the same suite, per model, with intervals. */
export function formatModeGap(gap: ModeGap): string {
  const lines = [`Stateful run ${gap.statefulRun} minus stateless run ${gap.statelessRun}, over the scenarios both scored:`];
  if (gap.otherDifferences.length > 0) {
    lines.push(`The runs also differ in: ${gap.otherDifferences.join('; ')}. Part of the gap may come from that.`);
  }
  if (gap.models.length === 0) return `${[...lines, 'No model is in both runs.'].join('\n')}\n`;
  lines.push(
    ...textTable(
      ['model', 'scenarios', 'Δ mean DCS', 'p', 'Δ refusal (points)', 'p', 'Δ discernment', 'p'],
      gap.models.map((model) => [
        model.model,
        String(model.scenarios),
        formatDifference(model.meanDcs),
        formatPValue(model.meanDcs.adjustedPValue),
        formatDifference(scale(model.refusalRate, 100)),
        formatPValue(model.refusalRate.adjustedPValue),
        formatDifference(model.discernment),
        formatPValue(model.discernment.adjustedPValue),
      ]),
    ),
    'p: paired bootstrap over shared scenarios, Holm-adjusted across models.',
  );
  return `${lines.join('\n')}\n`;
}

function scale<T extends { value: number | null; low: number | null; high: number | null }>(estimate: T, factor: number): T {
  const times = (value: number | null) => (value === null ? null : value * factor);
  return { ...estimate, value: times(estimate.value), low: times(estimate.low), high: times(estimate.high) };
}
