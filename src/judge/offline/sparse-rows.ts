import type { SparseVector } from './extract-features.js';

/** A sparse matrix in compressed sparse row form: row `i` is made of entries `rowStarts[i]` up to `rowStarts[i + 1]`. */
export interface SparseRows {
  rowCount: number;
  columnCount: number;
  rowStarts: Int32Array;
  columns: Int32Array;
  values: Float64Array;
}

/**
 * Builds a sparse matrix from feature vectors, keeping only the features that `columnOf` maps to
 * a column. Each row's entries are sorted by column, which keeps weight lookups close together.
 *
 * @example
 * const rows = buildSparseRows({ vectors, columnOf: new Map([[0, 0], [7, 1]]), columnCount: 2 });
 */
export function buildSparseRows({
  vectors,
  columnOf,
  columnCount,
}: {
  vectors: readonly SparseVector[];
  /** Feature index to column. Features without an entry are left out. */
  columnOf: ReadonlyMap<number, number>;
  columnCount: number;
}): SparseRows {
  const rowStarts = new Int32Array(vectors.length + 1);
  let total = 0;
  for (const vector of vectors) total += vector.indices.length;
  const columns = new Int32Array(total);
  const values = new Float64Array(total);
  // Values are parked by column while the row's columns are sorted, which a typed array does natively.
  const parked = new Float64Array(columnCount);
  let end = 0;
  vectors.forEach((vector, row) => {
    const start = end;
    for (let position = 0; position < vector.indices.length; position++) {
      const column = columnOf.get(vector.indices[position]!);
      if (column === undefined) continue;
      columns[end++] = column;
      parked[column] = vector.values[position]!;
    }
    const rowColumns = columns.subarray(start, end).sort();
    for (let entry = start; entry < end; entry++) values[entry] = parked[rowColumns[entry - start]!]!;
    rowStarts[row + 1] = end;
  });
  return { rowCount: vectors.length, columnCount, rowStarts, columns: columns.slice(0, end), values: values.slice(0, end) };
}
