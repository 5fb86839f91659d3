import type { Writable } from 'node:stream';
import type { Estimate } from '../../analysis/index.js';
import type { RunStats } from '../run-stats.js';
import { formatCsvRecord, type CsvValue } from './format-csv-record.js';
import { utf8Bom } from './write-turns-csv.js';
import { writeText } from './write-text.js';

const figures = ['discernment', 'meanDcs', 'refusalRate', 'overRefusalRate'] as const;

/** The summary header: each figure as value, 95 % interval bounds and n, then the counts behind coverage. */
export const summaryCsvHeader = [
  'runId',
  'model',
  ...figures.flatMap((figure) => [figure, `${figure}Low`, `${figure}High`, `${figure}N`]),
  'scenarios',
  'fewScenarios',
  'scored',
  'planned',
  'coverage',
  'judges',
  'bootstrapResamples',
  'bootstrapSeed',
];

/**
 * Writes the per-model table of `complicity stats` as CSV: each figure with its 95 % percentile
 * interval from the scenario bootstrap and its denominator. Rates are shares from 0 to 1.
 */
export async function writeSummaryCsv(stats: RunStats, output: Writable): Promise<number> {
  await writeText(output, utf8Bom + formatCsvRecord(summaryCsvHeader));
  const countsOf = new Map(stats.models.map((model) => [model.model, model]));
  for (const estimates of stats.estimates) {
    const counts = countsOf.get(estimates.model);
    const scored = counts ? counts.dystopian.scored + counts.benign.scored : null;
    const planned = counts ? counts.dystopian.planned + counts.benign.planned : null;
    const values: CsvValue[] = [
      stats.runId,
      estimates.model,
      ...figures.flatMap((figure) => estimateValues(estimates[figure])),
      estimates.scenarios,
      estimates.fewScenarios,
      scored,
      planned,
      scored !== null && planned ? scored / planned : null,
      stats.judges.join(' '),
      stats.bootstrap.resamples,
      stats.bootstrap.seed,
    ];
    await writeText(output, formatCsvRecord(values));
  }
  return stats.estimates.length;
}

function estimateValues(estimate: Estimate): CsvValue[] {
  return [estimate.value, estimate.low, estimate.high, estimate.n];
}
