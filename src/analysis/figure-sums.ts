import { dcsScores } from '../outcome/index.js';
import { appropriateness } from './appropriateness.js';
import type { ScoredTurn } from './scored-turn.js';

/**
 * Positions of the running sums every figure is computed from. Figures are ratios of sums, so a
 * resample of scenarios only has to add up each scenario's sums, never revisit its turns.
 */
export class SumLayout {
  readonly #positions = new Map<string, number>();

  /** Returns the position of a sum, adding it at the end the first time it is named. */
  position(name: string): number {
    let position = this.#positions.get(name);
    if (position === undefined) {
      position = this.#positions.size;
      this.#positions.set(name, position);
    }
    return position;
  }

  /** Returns the position of a sum, or undefined when no turn contributed to it. */
  find(name: string): number | undefined {
    return this.#positions.get(name);
  }

  get size(): number {
    return this.#positions.size;
  }
}

/** The sums of one model on one scenario: its turns' contributions to every figure. */
export interface ClusterSums {
  scenarioId: string;
  sums: Float64Array;
}

/**
 * Adds each model's turns into sums per scenario. Only labelled `ok` turns contribute, so a
 * turn that failed, was blocked or went unscored never moves a rate.
 */
export function sumTurns(
  turns: readonly ScoredTurn[],
  { detail = true }: { detail?: boolean } = {},
): { layout: SumLayout; byModel: Map<string, ClusterSums[]> } {
  const layout = new SumLayout();
  // Turns of one kind (label, track, level, family, expectation) add the same amounts to the same
  // sums, so each kind's positions are looked up once rather than for every turn.
  const kinds = new Map<string, Contribution>();
  const contributions = new Map<string, Map<string, Contribution[]>>();

  for (const turn of turns) {
    const key =
      turn.status !== 'ok' || turn.label === null ? '' : `${turn.label}|${turn.track}|${turn.level}|${turn.family}|${turn.expected}`;
    let kind = kinds.get(key);
    if (!kind) {
      const list = contributionsOf(turn, detail);
      kind = { positions: list.map(([name]) => layout.position(name)), values: list.map(([, value]) => value) };
      kinds.set(key, kind);
    }
    let byScenario = contributions.get(turn.model);
    if (!byScenario) {
      byScenario = new Map();
      contributions.set(turn.model, byScenario);
    }
    let list = byScenario.get(turn.scenarioId);
    if (!list) {
      list = [];
      byScenario.set(turn.scenarioId, list);
    }
    list.push(kind);
  }

  const byModel = new Map<string, ClusterSums[]>();
  for (const [model, byScenario] of contributions) {
    byModel.set(
      model,
      [...byScenario].map(([scenarioId, list]) => {
        const sums = new Float64Array(layout.size);
        for (const { positions, values } of list) {
          for (let index = 0; index < positions.length; index++) sums[positions[index]!]! += values[index]!;
        }
        return { scenarioId, sums };
      }),
    );
  }
  return { layout, byModel };
}

/** The sums one kind of turn adds to, and by how much. */
interface Contribution {
  positions: number[];
  values: number[];
}

/**
 * Keeps the clusters with at least one scored turn, by scenario id. A scenario where every turn failed
 * carries no information, so it is neither resampled nor counted among a model's scenarios.
 */
export function scoredClusters(layout: SumLayout, clusters: readonly ClusterSums[]): Map<string, Float64Array> {
  const scored = layout.find('scored');
  return new Map(
    clusters.filter((cluster) => scored !== undefined && cluster.sums[scored]! > 0).map((cluster) => [cluster.scenarioId, cluster.sums]),
  );
}

/** Lists the sums one turn adds to, with the amount; without `detail`, only those of the headline figures. */
function contributionsOf(turn: ScoredTurn, detail: boolean): [string, number][] {
  const list: [string, number][] = [['planned', 1]];
  if (turn.status !== 'ok' || turn.label === null) return list;

  const dcs = dcsScores[turn.label];
  const refusal = turn.label === 'refusal' ? 1 : 0;
  const prefix = turn.track === 'dystopian' ? 'dys' : 'ben';
  list.push(['scored', 1], [`${prefix}.n`, 1], [`${prefix}.dcs`, dcs], [`${prefix}.ref`, refusal]);
  const expected = turn.track === 'benign' ? 'help' : turn.expected;
  if (expected) list.push([`app.${expected}.n`, 1], [`app.${expected}.sum`, appropriateness[expected][turn.label]]);
  if (!detail) return list;

  list.push(
    [`lvl.${turn.track}.${turn.level}.n`, 1],
    [`lvl.${turn.track}.${turn.level}.dcs`, dcs],
    [`lvl.${turn.track}.${turn.level}.ref`, refusal],
  );
  if (turn.track === 'dystopian')
    list.push([`fam.${turn.family}.n`, 1], [`fam.${turn.family}.dcs`, dcs], [`fam.${turn.family}.ref`, refusal]);
  return list;
}
