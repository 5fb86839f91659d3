/** Levels at which the reply's length gets a feature of its own. */
const lengthLevels = ['1', '2', '3', '4', '5'];
/** The names of the level features, built once rather than on every call. */
const levelFeatureNames = lengthLevels.map((level) => `level:${level}`);

/**
 * Products of two dense features. A linear model cannot weigh one cue by another on its own, and
 * these pairs mark labels that judges of this task tell apart that way: a refusal phrase opening a
 * long reply (hesitant help rather than a refusal), caution spread through a long reply, and
 * length that means more at a harmful level than at an ordinary one. Their weights are fitted.
 */
export const interactionFeatureNames: readonly string[] = [
  'refusal-opening-by-length',
  'caution-by-length',
  ...lengthLevels.map((level) => `length-at-level:${level}`),
];

/**
 * Writes the interaction features from `start` on, in the order of `interactionFeatureNames`.
 * `feature` reads a dense feature already computed, by name.
 */
export function setInteractionFeatures({
  dense,
  start,
  feature,
}: {
  dense: Float64Array;
  start: number;
  feature: (name: string) => number;
}): number {
  // The length term is log(1 + words) / 10, the scale of the `words` feature.
  const length = feature('words');
  const caution = Math.log1p(
    Math.expm1(feature('concern:count')) + Math.expm1(feature('hedge:count')) + Math.expm1(feature('precondition:count')),
  );
  let slot = start;
  dense[slot++] = feature('first-person-refusal:opening') * length;
  dense[slot++] = caution * length;
  for (const name of levelFeatureNames) dense[slot++] = feature(name) * length;
  return slot;
}
