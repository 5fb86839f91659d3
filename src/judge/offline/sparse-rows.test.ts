import { describe, expect, it } from 'vitest';

import { buildSparseRows } from './sparse-rows.js';

describe('buildSparseRows', () => {
  it('sorts each row by column and drops unmapped features', () => {
    const rows = buildSparseRows({
      vectors: [
        { indices: Int32Array.of(9, 3, 5), values: Float64Array.of(0.9, 0.3, 0.5) },
        { indices: Int32Array.of(), values: Float64Array.of() },
        { indices: Int32Array.of(5, 7), values: Float64Array.of(1.5, 1.7) },
      ],
      columnOf: new Map([
        [9, 0],
        [5, 1],
        [3, 2],
      ]),
      columnCount: 3,
    });

    expect(rows.rowCount).toBe(3);
    expect(Array.from(rows.rowStarts)).toEqual([0, 3, 3, 4]);
    expect(Array.from(rows.columns)).toEqual([0, 1, 2, 1]);
    expect(Array.from(rows.values)).toEqual([0.9, 0.5, 0.3, 1.5]);
  });
});
