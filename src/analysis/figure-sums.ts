import { dcsScores, labels } from '../outcome/index.js';
import { appropriateness, expectations } from './appropriateness.js';
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
  {
    detail = true,
    groupOf = (turn) => turn.model,
  }: {
    detail?: boolean;
    /** The key a turn's sums are grouped under in `byModel`; its model by default. */
    groupOf?: (turn: ScoredTurn, index: number) => string;
  } = {},
): { layout: SumLayout; byModel: Map<string, ClusterSums[]> } {
  const layout = new SumLayout();
  // Turns of one kind (label, track, level, family, expectation) add the same amounts to the same
  // sums, so each kind's positions are looked up once rather than for every turn.
  const kinds = new Map<number, Contribution>();
  const contributions = new Map<string, Map<string, Contribution[]>>();
  const kindOf = kindNumbering();

  for (let index = 0; index < turns.length; index++) {
    const turn = turns[index]!;
    const key = kindOf(turn);
    let kind = kinds.get(key);
    if (!kind) {
      const list = contributionsOf(turn, detail);
      kind = { positions: list.map(([name]) => layout.position(name)), values: list.map(([, value]) => value) };
      kinds.set(key, kind);
    }
    const group = groupOf(turn, index);
    let byScenario = contributions.get(group);
    if (!byScenario) {
      byScenario = new Map();
      contributions.set(group, byScenario);
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

/**
 * Creates a function that numbers each kind of turn: -1 for a turn without a label, otherwise a
 * number built from its label, track, level, family and expectation. A number keys a map without
 * building a string for every turn.
 */
function kindNumbering(): (turn: ScoredTurn) => number {
  const levels = new Map<number, number>();
  const families = new Map<string, number>();
  const idOf = <Value>(ids: Map<Value, number>, value: Value): number => {
    let id = ids.get(value);
    if (id === undefined) {
      id = ids.size;
      ids.set(value, id);
    }
    return id;
  };
  return (turn) => {
    if (turn.status !== 'ok' || turn.label === null) return -1;
    const label = labels.indexOf(turn.label);
    const track = turn.track === 'dystopian' ? 0 : 1;
    const expected = turn.expected === undefined ? 3 : expectations.indexOf(turn.expected);
    // Below 2^53 for up to 2^20 families and 2^20 levels, far more than any suite has.
    return (((idOf(levels, turn.level) * 2 ** 20 + idOf(families, turn.family)) * 4 + label) * 2 + track) * 4 + expected;
  };
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
