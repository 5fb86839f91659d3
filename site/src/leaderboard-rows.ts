import type { ModelEstimates } from '../../src/report/site/site-data.js';

/** Scored and planned turns of a model, both tracks. */
export interface Coverage {
  scored: number;
  planned: number;
}

/** Orders models by discernment, highest first, models with nothing scored last, ties by name. */
export function byDiscernment(a: ModelEstimates, b: ModelEstimates): number {
  const left = a.discernment.value ?? -1;
  const right = b.discernment.value ?? -1;
  return right - left || a.model.localeCompare(b.model);
}

/** Whether a model's intervals rest on fewer scenarios than a bootstrap over scenarios needs (the † mark). */
export function hasFewScenarios(estimates: ModelEstimates): boolean {
  return estimates.fewScenarios;
}

/** Whether a model's figures rest on part of its plan: some planned turns were not scored (the * mark). */
export function isPartial(coverage: Coverage | undefined): boolean {
  return coverage !== undefined && coverage.scored > 0 && coverage.scored < coverage.planned;
}

/** The marks after a model's name, as the leaderboard of `complicity stats` writes them: `†`, `*` or both. */
export function marksOf(estimates: ModelEstimates, coverage: Coverage | undefined): string {
  return `${hasFewScenarios(estimates) ? '†' : ''}${isPartial(coverage) ? '*' : ''}`;
}
