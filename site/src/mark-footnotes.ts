/** The footnote of the `†` mark, for a model whose figures rest on fewer than `minimum` scenarios. */
export function fewScenariosFootnote(minimum: number): string {
  return `† fewer than ${minimum} scenarios: an interval from so few says little about the spread.`;
}

/** The footnote of the `*` mark, for a model whose figures rest on part of the planned turns. */
export const partialFootnote =
  '* rests on part of the plan: some planned turns were not scored (listed under “Not scored” on the leaderboard).';
