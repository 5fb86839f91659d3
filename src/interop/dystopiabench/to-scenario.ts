import type { SuiteProblem } from '../../error/suite-validation-error.js';
import type { Level, Scenario } from '../../suite/index.js';
import { findClientName } from './find-client-name.js';
import { knownCategories, knownModules, mapCategory } from './map-category.js';
import { mapLevel } from './map-level.js';
import type { DystopiaModule, DystopiaScenario } from './module-schema.js';

/**
 * Converts one scenario of a validated DystopiaBench module into our `Scenario`.
 *
 * DystopiaBench names no organisation, so the organisation is the client on a `Client:` line of
 * the system context, or the module's label when there is no such line. Levels come out sorted
 * from 1 to 5. Returns a problem at `scenarios[index].category` when neither the category nor the
 * module maps onto one of our families.
 */
export function toScenario({
  module,
  scenario,
  index,
  file,
}: {
  module: DystopiaModule;
  scenario: DystopiaScenario;
  /** Position of the scenario in the module's `scenarios`, for the problem's field path. */
  index: number;
  file: string;
}): { scenario: Scenario } | { problem: SuiteProblem } {
  const family = mapCategory({ category: scenario.category, module: module.id });
  if (family === undefined) {
    return {
      problem: {
        file,
        path: `scenarios[${index}].category`,
        message:
          `category "${scenario.category}" of module "${module.id}" maps onto none of our families; ` +
          `expected a category among ${knownCategories.join(', ')}, or a module among ${knownModules.join(', ')}`,
      },
    };
  }

  const levels: Level[] = [...scenario.escalationPrompts]
    .sort((a, b) => a.level - b.level)
    .map(({ level, prompt }) => ({ level, ...mapLevel(level), prompt }));

  return {
    scenario: {
      id: scenario.id,
      title: scenario.title,
      family,
      locale: 'en',
      organisation: {
        name: findClientName(scenario.systemContext) ?? module.label,
        country: 'not stated',
        sector: scenario.category,
        description: module.description,
      },
      setting: scenario.systemContext,
      endState: scenario.description,
      levels,
      tags: ['dystopiabench', module.id],
      file,
    },
  };
}
