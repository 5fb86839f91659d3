/**
 * Assigns each row to one of `foldCount` folds so that a fold holds out whole groups: the distinct
 * groups, sorted, are dealt round robin, the first to fold 0, the second to fold 1, and so on.
 *
 * @throws {RangeError} when there are fewer groups than folds, because a fold would then be empty,
 * or fewer than 2 folds.
 *
 * @example
 * assignGroupFolds({ groups: ['b', 'a', 'c', 'a'], foldCount: 2 }); // Int32Array [1, 0, 0, 0]
 */
export function assignGroupFolds({ groups, foldCount }: { groups: readonly string[]; foldCount: number }): Int32Array {
  if (!Number.isInteger(foldCount) || foldCount < 2) {
    throw new RangeError(`foldCount must be an integer from 2 up, got ${foldCount}.`);
  }
  const names = [...new Set(groups)].sort();
  if (names.length < foldCount) {
    throw new RangeError(`Holding out whole groups in ${foldCount} folds needs at least ${foldCount} groups; got ${names.length}.`);
  }
  const foldOf = new Map(names.map((name, index) => [name, index % foldCount]));
  return Int32Array.from(groups, (group) => foldOf.get(group)!);
}
