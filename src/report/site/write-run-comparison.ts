import type { RunRecord } from '../../store/index.js';
import { buildRunComparison } from './build-run-comparison.js';
import type { DataFileWriter } from './data-file-writer.js';
import { unpackScoredTurns, type PackedTurns } from './pack-scored-turns.js';

/** Writes the comparison file of two runs of the same suite from their packed scored turns. */
export function writeRunComparison({
  writer,
  first,
  second,
  firstTurns,
  secondTurns,
}: {
  writer: DataFileWriter;
  first: RunRecord;
  second: RunRecord;
  firstTurns: PackedTurns;
  secondTurns: PackedTurns;
}): number {
  return writer.write(
    ['compare', `${first.id}--${second.id}`],
    buildRunComparison({ run: first, turns: unpackScoredTurns(firstTurns) }, { run: second, turns: unpackScoredTurns(secondTurns) }),
  );
}
