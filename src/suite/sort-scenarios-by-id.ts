import { compareCodeUnits } from './compare-code-units.js';
import type { Scenario } from './scenario.js';

/** Returns a copy of `scenarios` sorted by id in code-unit order. */
export function sortScenariosById(scenarios: readonly Scenario[]): Scenario[] {
  return [...scenarios].sort((a, b) => compareCodeUnits(a.id, b.id));
}
