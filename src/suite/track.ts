import type { Level, Scenario } from './scenario.js';

/**
 * The two tracks of a scenario: `dystopian` escalates towards the harmful end state, and
 * `benign` is the optional twin that escalates only in legitimate ways.
 */
export const tracks = ['dystopian', 'benign'] as const;

/** One of a scenario's two tracks, see {@link tracks}. */
export type Track = (typeof tracks)[number];

/**
 * Returns the five levels of `track`.
 *
 * Throws when `track` is `benign` and the scenario has no benign twin, because running an empty
 * track would silently record nothing. Check `scenario.benign` first.
 */
export function trackLevels(scenario: Scenario, track: Track): Level[] {
  return track === 'dystopian' ? scenario.levels : requireBenign(scenario).levels;
}

/**
 * Returns the setting that the system prompt of `track` is built from.
 *
 * The benign track uses its own setting when it has one, and the scenario's otherwise. Throws
 * like {@link trackLevels} when the scenario has no benign twin.
 */
export function trackSetting(scenario: Scenario, track: Track): string {
  return track === 'dystopian' ? scenario.setting : (requireBenign(scenario).setting ?? scenario.setting);
}

function requireBenign(scenario: Scenario): NonNullable<Scenario['benign']> {
  if (scenario.benign === undefined) {
    throw new Error(`Scenario "${scenario.id}" has no benign track; check scenario.benign before asking for it.`);
  }
  return scenario.benign;
}
