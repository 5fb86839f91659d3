import type { ScoredTurn } from '../../analysis/index.js';

/**
 * A run's scored turns in a few bytes a turn: each distinct field value once, and every turn's
 * fields as indices into them. Comparisons between runs need every run's turns after its worker
 * has ended. As objects copied from a worker, each with its own strings, four runs of 25,000
 * turns held about 60 MB. The cells are one buffer, which a worker can transfer without a copy.
 */
export interface PackedTurns {
  count: number;
  /** Field names, in the order the first turn that has each lists them. */
  keys: string[];
  /** Distinct field values: strings, numbers, null and undefined. */
  values: unknown[];
  /** `count` rows of `keys.length` indices into `values`, or `absent` where a turn lacks the field. */
  cells: Uint32Array;
}

const absent = 0xffffffff;

/** Packs scored turns whose fields hold primitives; `unpackScoredTurns` gives equal turns back (-0 comes back as 0). */
export function packScoredTurns(turns: readonly ScoredTurn[]): PackedTurns {
  const keys: string[] = [];
  const keyIndex = new Map<string, number>();
  for (const turn of turns) {
    for (const key of Object.keys(turn)) {
      if (!keyIndex.has(key)) keyIndex.set(key, keys.push(key) - 1);
    }
  }
  const values: unknown[] = [];
  const valueIndex = new Map<unknown, number>();
  const cells = new Uint32Array(turns.length * keys.length).fill(absent);
  turns.forEach((turn, row) => {
    for (const [key, value] of Object.entries(turn)) {
      let index = valueIndex.get(value);
      if (index === undefined) {
        index = values.push(value) - 1;
        valueIndex.set(value, index);
      }
      cells[row * keys.length + keyIndex.get(key)!] = index;
    }
  });
  return { count: turns.length, keys, values, cells };
}

/** Unpacks the turns of `packScoredTurns` into new objects that share their strings. */
export function unpackScoredTurns({ count, keys, values, cells }: PackedTurns): ScoredTurn[] {
  const turns: ScoredTurn[] = [];
  for (let row = 0; row < count; row++) {
    const turn: Record<string, unknown> = {};
    keys.forEach((key, column) => {
      const index = cells[row * keys.length + column]!;
      if (index !== absent) turn[key] = values[index];
    });
    turns.push(turn as unknown as ScoredTurn);
  }
  return turns;
}
